// The prompt templates' menu label and tooltip in the display language. The templates themselves are plain data in
// src/shared/promptTemplates.ts (English); `l10n.t` needs its text literally here so the export finds it. The
// prompts stay English: they are what is sent, and the user edits them anyway.
import * as l10n from '@vscode/l10n';
import type { PromptTemplate } from '../../src/shared/promptTemplates';

/** The menu label and tooltip of `template`; a template not listed here shows its English text. */
export function templateText(template: PromptTemplate): { readonly label: string; readonly description: string } {
	switch (template.id) {
		case 'photorealScene':
			return {
				label: l10n.t('Photorealistic scene'),
				description: l10n.t('Describe a photo like a photographer: shot, subject, setting, light, lens and mood.'),
			};
		case 'sticker':
			return { label: l10n.t('Sticker / illustration'), description: l10n.t('A flat, cut-out style sticker or icon with a clean background.') };
		case 'textInImage':
			return { label: l10n.t('Text in image / logo'), description: l10n.t('A logo, poster or sign whose lettering must be spelled exactly.') };
		case 'productMockup':
			return { label: l10n.t('Product mock-up'), description: l10n.t('A studio product shot for a shop or a landing page.') };
		case 'minimalist':
			return { label: l10n.t('Minimalist, negative space'), description: l10n.t('A sparse composition that leaves room for text or UI on top.') };
		case 'comicPanels':
			return { label: l10n.t('Comic panels / storyboard'), description: l10n.t('A sequence of panels that tells a short story in one image.') };
		case 'sketchToRender':
			return { label: l10n.t('Sketch to render'), description: l10n.t('Turn an attached sketch or drawing into a finished rendering.') };
		case 'characterTurnaround':
			return {
				label: l10n.t('Character turnaround'),
				description: l10n.t('One character seen from several angles, consistent, for reference sheets.'),
			};
		default:
			return { label: template.label, description: template.description };
	}
}
