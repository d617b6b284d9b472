import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { lineColumn } from '../json-error';

export type XmlParse =
	| { ok: true; value: unknown }
	| { ok: false; line: number; column: number; offset: number; reason: string };

const parser = new XMLParser({
	// Marketo documents no syntax for attributes (reference §3), and `@` is not a key character.
	ignoreAttributes: true,
	// Values stay text: typing happens when a value is written to a field.
	parseTagValue: false,
	trimValues: true,
	ignoreDeclaration: true,
	ignorePiTags: true,
	// Namespace prefixes stay: `:` is an allowed key character, so `soap:Envelope` is reachable.
	removeNSPrefix: false
});

function offsetOf(text: string, line: number, column: number): number {
	let offset = 0;
	for (let l = 1; l < line; l++) {
		const nl = text.indexOf('\n', offset);
		if (nl === -1) break;
		offset = nl + 1;
	}
	return Math.min(text.length, offset + Math.max(0, column - 1));
}

/**
 * Parses an XML response into plain objects rooted at the document element: `<example><foo>bar
 * </foo></example>` becomes `{ example: { foo: 'bar' } }`; repeated children become arrays.
 * Never throws: malformed XML is returned with its line and column.
 */
export function parseXml(text: string): XmlParse {
	try {
		const valid = XMLValidator.validate(text);
		if (valid !== true) {
			const { line, col, msg } = valid.err;
			const offset = offsetOf(text, line, col);
			return { ok: false, line, column: col, offset, reason: msg };
		}
		return { ok: true, value: parser.parse(text) };
	} catch (e) {
		const { line, column } = lineColumn(text, 0);
		return {
			ok: false,
			line,
			column,
			offset: 0,
			reason: e instanceof Error ? e.message : String(e)
		};
	}
}
