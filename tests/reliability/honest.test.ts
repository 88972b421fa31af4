// What counts as an honest stop: every error of the try says the object may exist and names its import id —
// however the engine wraps the message (OpenTofu breaks lines inside it).
import { onlyHonestErrors } from './harness';

test.each([
  ['Pulumi, one line', 'error: an earlier run was interrupted while creating this thread (import id thread_<id>) (at …) so it may exist, …', true],
  [
    'OpenTofu, wrapped inside the words',
    'Error: Cannot create openai_thread\n  an earlier run was interrupted while creating this thread (import id\n  thread_<id>) (at …) before the API answered, so it may\n  exist, and …',
    true,
  ],
  ['one honest, one not', 'error: … the conversation (import id conv_<id>) may have been created …\nerror: create file: OpenAI answered 500', false],
  ['no import id', 'error: the object may exist', false],
  ['nothing', '', false],
])('%s', (_, text, honest) => expect(onlyHonestErrors(text)).toBe(honest));
