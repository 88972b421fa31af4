// A nested failure's diagnostic points at the nested attribute: protocol 6 AttributePath steps through the
// nested attribute types (a list of objects is a nested attribute with nesting LIST, indexed by element_key_int).
import { registry, ValidationError } from '@openai-iac/core';
import { errorDiagnostics, failureDiagnostic } from '../src/diagnostics';
import { resourceBlock } from '../src/schema';

const block = resourceBlock(registry.get('assistant'));

describe('diagnostics carry the full attribute path', () => {
  test('tools[0].type → tools, element 0, type', () => {
    const d = failureDiagnostic(block, { path: ['tools', 0, 'type'], message: 'must be one of …' }, 'assistant');
    expect(d.attribute).toEqual({ steps: [{ attribute_name: 'tools' }, { element_key_int: 0 }, { attribute_name: 'type' }] });
  });

  test('a map key is an element_key_string step', () => {
    const d = failureDiagnostic(block, { path: ['metadata', 'team'], message: 'is too long' }, 'assistant');
    expect(d.attribute).toEqual({ steps: [{ attribute_name: 'metadata' }, { element_key_string: 'team' }] });
  });

  test('every failure of a ValidationError at its own path; other errors once, scrubbed, without a path', () => {
    const e = new ValidationError('assistant', [
      { path: ['model'], message: 'is required' },
      { path: ['tools', 1, 'function', 'name'], message: 'is required' },
    ]);
    const diags = errorDiagnostics(block, e, 'x', (s) => s);
    expect(diags.map((d) => d.attribute?.steps)).toEqual([
      [{ attribute_name: 'model' }],
      [{ attribute_name: 'tools' }, { element_key_int: 1 }, { attribute_name: 'function' }, { attribute_name: 'name' }],
    ]);
    const other = errorDiagnostics(block, new Error('key sk-proj-abcdefghijkl0000'), 'Failed', (s) => s.replace('abcdefghijkl', ''));
    expect(other).toEqual([{ severity: 'ERROR', summary: 'Failed', detail: 'key sk-proj-0000' }]);
  });
});
