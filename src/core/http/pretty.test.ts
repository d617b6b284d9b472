import { describe, expect, it } from 'vitest';
import { PRETTY_LIMIT_BYTES, bodyKind, prettyBody, prettyXml } from './pretty';

describe('bodyKind', () => {
	it('follows the Content-Type, then the first character', () => {
		expect(bodyKind('application/vnd.api+json; charset=utf-8', 'x')).toBe('json');
		expect(bodyKind('text/xml', '{')).toBe('xml');
		expect(bodyKind('text/html', '<p>')).toBe('html');
		expect(bodyKind(null, '  [1]')).toBe('json');
		expect(bodyKind('', '<a/>')).toBe('xml');
		expect(bodyKind(undefined, 'ok')).toBe('text');
	});
});

describe('prettyBody', () => {
	it('indents JSON and gives up on malformed JSON', () => {
		expect(prettyBody('json', '{"a":[1,{"b":"c"}]}')).toBe(
			'{\n  "a": [\n    1,\n    {\n      "b": "c"\n    }\n  ]\n}'
		);
		expect(prettyBody('json', '{"a":')).toBeNull();
	});
	it('never pretty-prints a body over 5 MB', () => {
		expect(prettyBody('json', '{}', PRETTY_LIMIT_BYTES + 1)).toBeNull();
		expect(prettyBody('text', 'hello')).toBeNull();
	});
});

describe('prettyXml', () => {
	it('nests elements and keeps text-only elements on one line', () => {
		expect(
			prettyXml(
				'<?xml version="1.0"?><response><lead id="1"><name>Jane &amp; Co</name><tags><tag>a</tag><tag/></tags><empty></empty></lead></response>'
			)
		).toBe(
			[
				'<?xml version="1.0"?>',
				'<response>',
				'  <lead id="1">',
				'    <name>Jane &amp; Co</name>',
				'    <tags>',
				'      <tag>a</tag>',
				'      <tag/>',
				'    </tags>',
				'    <empty></empty>',
				'  </lead>',
				'</response>'
			].join('\n')
		);
	});
	it('tolerates malformed XML without throwing', () => {
		expect(prettyXml('</a><b>text')).toBe('</a>\n<b>\n  text');
	});
});
