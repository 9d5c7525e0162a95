// `npm start`: build the web UI on first run, then `hearth serve`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
if (!fs.existsSync(path.join(root, 'dist/web/index.html'))) {
  console.log('Building the web UI (first start only)…');
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
process.argv = [process.argv[0], path.join(root, 'bin/hearth.js'), 'serve'];
await import('../bin/hearth.js');
