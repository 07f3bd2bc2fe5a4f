/**
 * Prompt templates for the studio, after the structure of Google's image-generation prompting guide: each one is a
 * structured prompt with bracketed placeholders the user replaces before sending.
 *
 * Pure data: no `vscode` import, because the studio webview bundle (media/studio/) imports it too.
 */

/** One template offered in the studio's "Templates…" menu. */
export interface PromptTemplate {
	/** Stable id (the `<option>` value). */
	readonly id: string;
	/** Short menu label. */
	readonly label: string;
	/** One sentence shown as the option's tooltip. */
	readonly description: string;
	/** The structured prompt; every `[…]` is a placeholder for the user to fill in. */
	readonly prompt: string;
	/** An aspect ratio that suits the template; selected when the current model offers it. */
	readonly aspectRatio?: string;
}

export const PROMPT_TEMPLATES: readonly PromptTemplate[] = [
	{
		id: 'photorealScene',
		label: 'Photorealistic scene',
		description: 'Describe a photo like a photographer: shot, subject, setting, light, lens and mood.',
		prompt:
			'A photorealistic [shot type, e.g. close-up portrait] of [subject], [action or expression], set in [environment]. ' +
			'The scene is lit by [lighting, e.g. soft golden-hour light], giving it a [mood] atmosphere. ' +
			'Shot on a [camera and lens, e.g. 85mm portrait lens], with [depth of field] and sharp detail in [key textures]. ' +
			'[Aspect ratio, e.g. landscape 16:9] format.',
		aspectRatio: '16:9',
	},
	{
		id: 'sticker',
		label: 'Sticker / illustration',
		description: 'A flat, cut-out style sticker or icon with a clean background.',
		prompt:
			'A [style, e.g. kawaii] sticker of [subject], [action or pose]. ' +
			'Bold, clean outlines, [shading style, e.g. simple cel shading] and a [colour palette] palette. ' +
			'The design has a [thick white die-cut border] and sits on a [plain white] background.',
		aspectRatio: '1:1',
	},
	{
		id: 'textInImage',
		label: 'Text in image / logo',
		description: 'A logo, poster or sign whose lettering must be spelled exactly.',
		prompt:
			'Create a [kind of image, e.g. modern minimalist logo] for [brand or purpose] with the text "[exact text]" ' +
			'in a [font style, e.g. clean bold sans-serif]. ' +
			'The design is [style description, e.g. simple and geometric] and uses a [colour scheme]. ' +
			'[Layout details, e.g. the text sits below a small icon of a coffee bean], on a [background].',
		aspectRatio: '1:1',
	},
	{
		id: 'productMockup',
		label: 'Product mock-up',
		description: 'A studio product shot for a shop or a landing page.',
		prompt:
			'A high-resolution, studio-lit product photograph of [product] on [surface or background]. ' +
			'The lighting is a [lighting setup, e.g. three-point softbox setup] to [lighting purpose, e.g. show the texture of the material]. ' +
			'The camera angle is [angle, e.g. a slightly elevated 45-degree shot] to showcase [specific feature]. ' +
			'Ultra-realistic, with sharp focus on [key detail].',
		aspectRatio: '4:3',
	},
	{
		id: 'minimalist',
		label: 'Minimalist, negative space',
		description: 'A sparse composition that leaves room for text or UI on top.',
		prompt:
			'A minimalist composition with a single [subject] in the [position, e.g. bottom-right] of the frame. ' +
			'The background is a vast, empty [colour] canvas, leaving generous negative space for [purpose, e.g. a headline]. ' +
			'[Lighting, e.g. soft diffused light from the top left].',
		aspectRatio: '16:9',
	},
	{
		id: 'comicPanels',
		label: 'Comic panels / storyboard',
		description: 'A sequence of panels that tells a short story in one image.',
		prompt:
			'A [number]-panel comic in a [art style, e.g. gritty noir ink] style. ' +
			'Panel 1: [scene and characters]. Panel 2: [what happens next]. Panel 3: [the payoff]. ' +
			'[Dialogue or captions, e.g. a speech bubble saying "…"]. ' +
			'Keep [character details] consistent across the panels; [colour treatment].',
		aspectRatio: '3:2',
	},
	{
		id: 'sketchToRender',
		label: 'Sketch to render',
		description: 'Turn an attached sketch or drawing into a finished rendering.',
		prompt:
			'Turn the attached [sketch or drawing] of [subject] into a [finished style, e.g. photorealistic 3D render]. ' +
			'Keep the [proportions, layout and key lines] of the sketch. ' +
			'Use [materials and colours] and [lighting], set in [environment or background].',
	},
	{
		id: 'characterTurnaround',
		label: 'Character turnaround',
		description: 'One character seen from several angles, consistent, for reference sheets.',
		prompt:
			'A character reference sheet of [character description: age, build, clothing, distinctive features] in a [art style] style. ' +
			'Show the same character in [views, e.g. front, three-quarter, side and back] view, standing in a [neutral pose], ' +
			'side by side at the same scale on a [plain light grey] background. ' +
			'Keep the face, outfit and colours identical in every view; [extra details, e.g. a small colour palette swatch].',
		aspectRatio: '16:9',
	},
];
