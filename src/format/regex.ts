// Regular expressions from scenarios. V8 compiles a pattern lazily: `new RegExp()` accepts some
// patterns (e.g. 100 KB long) whose first match then throws "Regular expression too large". Running
// it once here turns that into the same error as a syntax error, where the caller can report it.
export function compileRegex(source: string, flags = ''): RegExp {
  const re = new RegExp(source, flags);
  re.test('');
  re.lastIndex = 0;
  return re;
}
