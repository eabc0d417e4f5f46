// Shared class lists, so every admin page looks and behaves the same.
const base =
  "inline-flex items-center justify-center gap-1.5 rounded-lg px-3 py-1.5 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-50";

export const buttonStyles = {
  primary: `${base} bg-emerald-700 text-white shadow-sm hover:bg-emerald-800 active:bg-emerald-900`,
  secondary: `${base} border border-stone-300 bg-white text-stone-800 shadow-sm hover:bg-stone-50 active:bg-stone-100`,
  danger: `${base} border border-red-300 bg-white text-red-700 shadow-sm hover:bg-red-50 active:bg-red-100`,
  ghost: `${base} text-stone-600 hover:bg-stone-100 hover:text-stone-900`,
};

const field =
  "rounded-lg border border-stone-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-stone-400 focus:border-emerald-600 focus:outline-none focus:ring-2 focus:ring-emerald-600/30 aria-[invalid=true]:border-red-500";

export const inputStyles = `block w-full ${field}`;
/** A small input inside a line of text ("Groups of [2]"): give it a width; it never grows. */
export const inlineInputStyles = `inline-block shrink-0 ${field}`;

export const labelStyles = "block text-sm font-medium text-stone-800";
export const hintStyles = "mt-1 text-xs text-stone-500";
