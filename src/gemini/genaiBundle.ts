// Entry point of dist/genai.js: the SDK, bundled on its own and loaded lazily by ./sdk.ts.
export * from '@google/genai';
