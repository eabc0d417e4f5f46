/** How many players a sentence names before it counts the rest ("… and 4 more"). */
const NAMED = 6;

/** One player as a person reads them: the name, with the label (access code, seat) beside it when there is one. */
export function playerName(name: string, labels: ReadonlyMap<string, string>): string {
  const label = labels.get(name);
  return label && label !== name ? `${name} (${label})` : name;
}

/** Players in a sentence: "alice", "alice and bob", "alice, bob and carol", "a, b, c, d, e, f and 4 more". */
export function playerList(names: readonly string[], labels: ReadonlyMap<string, string> = new Map()): string {
  const shown = names.slice(0, names.length > NAMED ? NAMED : names.length).map((n) => playerName(n, labels));
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} more`;
  if (shown.length <= 1) return shown[0] ?? "no players";
  return `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}`;
}
