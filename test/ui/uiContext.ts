// What the UI runner (test/runners/codeServer.ts --suite ui) hands to each `test/ui/*.ui.ts` module.
// A module exports `async function run(ctx: UiContext): Promise<void>` and throws to fail.
import type { Page } from 'playwright-core';
import type { FakeGemini } from '../fake-gemini/server';

export interface UiContext {
	/** A fresh page showing the workbench (already navigated; wait for readiness yourself). */
	page: Page;
	/** In-process fake Gemini; `imageStudio.endpoint` points at it. Shared by all modules of a run. */
	fake: FakeGemini;
	/** Absolute path of this module's fresh copy of test/fixtures/workspace (the open folder). */
	workspaceDir: string;
	/** Saves test-output/screenshots/<name>.png of `page` (default: `page` above) and returns its path. */
	screenshot(name: string, of?: Page): Promise<string>;
}

/** `timeoutMs`: the module's own time limit, when it needs more than the default (IMAGE_STUDIO_UI_TIMEOUT_MS overrides both). */
export type UiModule = { run(ctx: UiContext): Promise<void>; timeoutMs?: number };
