// Webview entry point for the studio panel (built by esbuild.js into dist/media/studio.js).
// The studio itself arrives with the studio issue; this keeps the browser bundle in the build from day one.
export {};
