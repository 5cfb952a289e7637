// Unicode bidirectional controls: invisible characters that reorder the text
// around them on display ("Trojan Source"). The CLI shows them escaped and the
// bidi-control rule warns about them.

/** Embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), marks (U+200E, U+200F, U+061C), as a RegExp class body. */
export const BIDI_CONTROL_CLASS = '\\u202a-\\u202e\\u2066-\\u2069\\u200e\\u200f\\u061c';
