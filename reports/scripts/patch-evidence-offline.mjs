// Offline workaround for Evidence 40.1.8 / @evidence-dev/universal-sql 3.0.1.
// DuckDB-Wasm (>=1.29) has no built-in parquet reader: on first read_parquet it downloads
// parquet.duckdb_extension.wasm from extensions.duckdb.org, and in Node that download
// blocks forever when offline (Atomics.wait with no timeout). This script patches the two
// Node-side uses of read_parquet so `evidence sources` and `evidence build` never need it:
//  1. build-parquet.js: the final merge COPY runs in native DuckDB (@duckdb/node-api,
//     parquet statically linked) instead of DuckDB-Wasm.
//  2. client-duckdb/node.js (build-time SSR/prerender): each source parquet is read with
//     parquet-wasm and inserted into DuckDB-Wasm as an Arrow table instead of a
//     read_parquet() view.
// Idempotent. Run after every `npm install` / `npm ci` (e.g. as the "postinstall" script).
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve('node_modules/@evidence-dev/universal-sql/src');
const MARK = '/* patched: evidence-offline */';

function patch(rel, pairs) {
	const file = path.join(root, rel);
	let src = fs.readFileSync(file, 'utf8');
	if (src.includes(MARK)) return console.log('already patched:', rel);
	for (const [from, to] of pairs) {
		if (!src.includes(from)) throw new Error(`pattern not found in ${rel}: ${from.slice(0, 60)}`);
		src = src.replace(from, to);
	}
	fs.writeFileSync(file, `${MARK}\n${src}`);
	console.log('patched:', rel);
}

patch('build-parquet.js', [
	[
		'\tawait query(copy);',
		`\t{
		const { DuckDBInstance } = await import('@duckdb/node-api');
		const inst = await DuckDBInstance.create(':memory:');
		const conn = await inst.connect();
		try {
			await conn.run(copy);
		} finally {
			conn.disconnectSync();
			inst.closeSync();
		}
	}`
	]
]);

patch('client-duckdb/node.js', [
	[
		"import { withTimeout } from './both.js';",
		"import { withTimeout } from './both.js';\nimport { readFileSync } from 'fs';\nimport { readParquet } from 'parquet-wasm/node/arrow1.js';"
	],
	[
		'\t\t\tconnection.query(\n\t\t\t\t`CREATE OR REPLACE VIEW "${source}"."${table}" AS (SELECT * FROM read_parquet(\'${file_name}\'));`\n\t\t\t);',
		`\t\t\tfor (const kind of ['VIEW', 'TABLE']) {
				try {
					connection.query(\`DROP \${kind} IF EXISTS "\${source}"."\${table}"\`);
				} catch (e) {
					/* wrong object kind */
				}
			}
			const ipc = readParquet(
				new Uint8Array(readFileSync(url.split(pathDelimiterRegex).join(path.sep)))
			).intoIPCStream();
			connection.insertArrowFromIPCStream(ipc, { schema: source, name: table, create: true });`
	]
]);
