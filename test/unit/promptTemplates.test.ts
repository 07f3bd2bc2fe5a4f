import * as assert from 'assert';
import { ALL_ASPECT_RATIOS } from '../../src/gemini/modelCatalog';
import { PROMPT_TEMPLATES } from '../../src/shared/promptTemplates';

describe('studio prompt templates', () => {
	it('offers the eight templates of the prompting guide with unique ids', () => {
		assert.strictEqual(PROMPT_TEMPLATES.length, 8);
		const ids = PROMPT_TEMPLATES.map((template) => template.id);
		assert.strictEqual(new Set(ids).size, ids.length);
		for (const id of ids) {
			assert.match(id, /^[A-Za-z][A-Za-z0-9]*$/, id);
		}
	});

	it('gives each a label, a description and a structured prompt with placeholders to edit', () => {
		for (const template of PROMPT_TEMPLATES) {
			assert.ok(template.label.trim().length > 0, template.id);
			assert.ok(template.description.trim().length > 0, template.id);
			assert.ok(template.prompt.trim().length > 0, template.id);
			assert.ok(template.prompt.includes('['), `${template.id} has a [placeholder]`);
			assert.strictEqual((template.prompt.match(/\[/g) ?? []).length, (template.prompt.match(/]/g) ?? []).length, `${template.id} brackets balance`);
		}
	});

	it('suggests only aspect ratios some model accepts', () => {
		for (const template of PROMPT_TEMPLATES) {
			if (template.aspectRatio !== undefined) {
				assert.ok(ALL_ASPECT_RATIOS.includes(template.aspectRatio), `${template.id}: ${template.aspectRatio}`);
			}
		}
	});
});
