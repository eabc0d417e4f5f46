"use client";

import { useEffect, useState } from "react";

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** A time in the admin's own time zone (the server renders UTC; the browser swaps in local time). */
export function LocalTime({ iso }: Readonly<{ iso: string }>) {
  const date = new Date(iso);
  const [text, setText] = useState(() => utc(date));
  useEffect(() => {
    setText(date.toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }));
  }, [iso]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <time dateTime={iso} title={utc(date)}>
      {text}
    </time>
  );
}
