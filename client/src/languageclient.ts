// vscode-languageclient is most of the extension's code; it is loaded when it
// is first needed (the server's start, just after activation), not while VS
// Code waits on activate(). esbuild keeps bundled CommonJS modules unevaluated
// until required, so every value from the library is taken through here and
// other modules import only its types.
export type LanguageClientLibrary = typeof import('vscode-languageclient/node');

export function languageClientLibrary(): LanguageClientLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('vscode-languageclient/node') as LanguageClientLibrary;
}
