"use client";

import { useEffect, useState } from "react";
import { island } from "@/lib/experiment/island";

/** Shows a slider's current value as it moves (without JavaScript the slider still works). */
function RangeValueView({ inputId, initial }: Readonly<{ inputId: string; initial: string }>) {
  const [value, setValue] = useState(initial);
  useEffect(() => {
    const input = document.getElementById(inputId) as HTMLInputElement | null;
    if (!input) return;
    const update = () => setValue(input.value);
    input.addEventListener("input", update);
    return () => input.removeEventListener("input", update);
  }, [inputId]);
  return (
    <output htmlFor={inputId} className="mt-1 block text-center text-sm font-medium tabular-nums text-stone-700" aria-live="polite">
      {value}
    </output>
  );
}

export const RangeValue = island("range-value", RangeValueView);
