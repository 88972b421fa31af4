// One vector store whose name is a case of bad (or borderline) text, chosen by the stack's `case` config: the
// string is made here, in the program, as a user's code would make it (config set cannot carry a lone surrogate).
import * as pulumi from '@pulumi/pulumi';
import * as openai from '@openai-iac/pulumi-openai';

const names: Record<string, string> = {
  emoji300: '😀'.repeat(300),
  emoji256: '😀'.repeat(256),
  // a high surrogate followed by another character, and one at the end of the string
  loneInside: 'bad\uD800name',
  loneAtEnd: 'bad\uD800',
};

const chosen = new pulumi.Config().require('case');
const store = new openai.VectorStore('store', { name: names[chosen] });

export const name = store.name;
