// package.json's walkthrough and settings as a user meets them: every step has a picture that ships, a command button,
// and a completion event that the code really sets; every setting is described, every enum's choices too, in English
// and Korean; the icon is a 128 px PNG.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ALL_ASPECT_RATIOS, ALL_IMAGE_SIZES } from '../../src/gemini/modelCatalog';

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const en: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
const ko: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.ko.json'), 'utf8'));

/** The English text of a manifest string (`%key%` looked up in package.nls.json), and checks that Korean has it too. */
function text(value: unknown, where: string): string {
	assert.strictEqual(typeof value, 'string', `${where} is a string`);
	const match = /^%(.+)%$/.exec(value as string);
	if (!match) {
		return value as string;
	}
	assert.ok(typeof en[match[1]] === 'string' && en[match[1]].length > 0, `${where}: ${match[1]} is in package.nls.json`);
	assert.ok(typeof ko[match[1]] === 'string' && ko[match[1]].length > 0, `${where}: ${match[1]} is in package.nls.ko.json`);
	return en[match[1]];
}

/** Every `markWalkthroughStep('<milestone>')` call in src/. */
function markedMilestones(): Set<string> {
	const found = new Set<string>();
	const visit = (dir: string): void => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const file = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				visit(file);
			} else if (entry.name.endsWith('.ts')) {
				for (const match of fs.readFileSync(file, 'utf8').matchAll(/markWalkthroughStep\('(\w+)'\)/g)) {
					found.add(match[1]);
				}
			}
		}
	};
	visit(path.join(root, 'src'));
	return found;
}

describe('manifest contributions', () => {
	it('the walkthrough: five steps, each with shipped media, a command button and a completion event the code sets', () => {
		const walkthroughs = pkg.contributes.walkthroughs;
		assert.strictEqual(walkthroughs.length, 1);
		const [walkthrough] = walkthroughs;
		assert.strictEqual(walkthrough.id, 'getStarted', 'the id src/walkthrough/walkthrough.ts opens');
		assert.match(text(walkthrough.title, 'title'), /Gemini Image Studio/);
		const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
		const marked = markedMilestones();
		assert.deepStrictEqual(
			walkthrough.steps.map((step: { id: string }) => step.id),
			['setApiKey', 'generate', 'editAndReview', 'studio', 'assets'],
		);
		const contributed = new Set(pkg.contributes.commands.map((command: { command: string }) => command.command));
		for (const step of walkthrough.steps) {
			const description = text(step.description, `${step.id}.description`);
			const commands = [...description.matchAll(/\]\(command:([\w.]+)/g)].map((match) => match[1]).filter((id) => id.startsWith('imageStudio.'));
			assert.ok(commands.length > 0, `${step.id} has a command button`);
			for (const id of commands) {
				assert.ok(contributed.has(id), `${step.id}: ${id} is a contributed command`);
			}
			text(step.media.altText, `${step.id}.altText`);
			const image = fs.readFileSync(path.join(root, step.media.image));
			assert.strictEqual(image.subarray(1, 4).toString('latin1'), 'PNG', `${step.media.image} is a PNG`);
			assert.match(step.media.image, /^media\/walkthrough\/[\w-]+\.png$/);
			assert.match(ignore, /^!media\/walkthrough\/\*\.png$/m, 'the walkthrough pictures ship');
			assert.strictEqual(step.completionEvents.length, 1);
			const milestone = /^onContext:imageStudio\.walkthrough\.(\w+)$/.exec(step.completionEvents[0])?.[1];
			assert.ok(milestone, `${step.id}: ${step.completionEvents[0]} is one of the extension's context keys`);
			assert.ok(marked.has(milestone), `${step.id}: some code calls markWalkthroughStep('${milestone}')`);
		}
		assert.ok(text(walkthrough.steps[0].description, 'setApiKey').includes('https://aistudio.google.com/apikey'), 'says where to get a key');
		assert.match(text(walkthrough.steps[0].description, 'setApiKey'), /billing/, 'says that image models need billing');
		assert.ok(pkg.activationEvents.includes('onStartupFinished'), 'the first run can open it without any other trigger');
	});

	it('every setting has a description, every enum its choices described, in English and Korean', () => {
		const { properties } = pkg.contributes.configuration;
		for (const [id, property] of Object.entries<Record<string, unknown>>(properties)) {
			assert.ok(text(property.markdownDescription, `${id}.markdownDescription`).length > 20, `${id} is described`);
			for (const link of text(property.markdownDescription, id).matchAll(/#(imageStudio\.[\w.]+)#/g)) {
				assert.ok(link[1] in properties, `${id} links to ${link[1]}, which exists`);
			}
			if (Array.isArray(property.enum)) {
				const descriptions = (property.markdownEnumDescriptions ?? property.enumDescriptions) as unknown[] | undefined;
				assert.ok(Array.isArray(descriptions), `${id}: its choices are described`);
				assert.strictEqual(descriptions.length, property.enum.length, `${id}: one description per choice`);
				descriptions.forEach((description, index) => text(description, `${id} enum ${index}`));
				assert.ok(property.enum.includes(property.default), `${id}: the default is a choice`);
			}
		}
		// The catalog annotates models, it never gates them: a ratio or size it does not know (a newer model's) is no
		// settings error, the API decides. So these two settings are free strings, not enums of the catalog's values.
		for (const id of ['imageStudio.aspectRatio', 'imageStudio.imageSize']) {
			assert.strictEqual(properties[id].type, 'string', `${id} is a string`);
			assert.strictEqual(properties[id].enum, undefined, `${id} takes values the catalog does not know`);
		}
		assert.ok(
			(ALL_ASPECT_RATIOS as readonly string[]).includes(properties['imageStudio.aspectRatio'].default),
			'the default ratio is one the catalog knows',
		);
		assert.ok((ALL_IMAGE_SIZES as readonly string[]).includes(properties['imageStudio.imageSize'].default), 'the default size is one the catalog knows');
	});

	it('the icon is a 128×128 PNG that ships', () => {
		assert.strictEqual(pkg.icon, 'images/icon.png');
		const png = fs.readFileSync(path.join(root, pkg.icon));
		assert.strictEqual(png.subarray(1, 4).toString('latin1'), 'PNG');
		assert.deepStrictEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'IHDR width and height');
		assert.match(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8'), /^!images\/icon\.png$/m);
	});
});
