// Opens the dbt-built database with the same DuckDB that Evidence bundles (@duckdb/node-api)
// and prints its version and a row count as JSON. The test suite runs this, so a Python/Node
// DuckDB storage mismatch fails CI instead of a user's `npm run sources`.
// Usage: node scripts/check-database.mjs <path/to/shadowpersona.duckdb>
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
	console.error('usage: node scripts/check-database.mjs <database file>');
	process.exit(2);
}
const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
const connection = await instance.connect();
try {
	const reader = await connection.runAndReadAll(
		'select version() as duckdb_version, count(*) as n_rows from marts.fct_user_traits'
	);
	const [row] = reader.getRowObjectsJson();
	console.log(JSON.stringify({ duckdb_version: row.duckdb_version, n_rows: Number(row.n_rows) }));
} finally {
	connection.closeSync();
	instance.closeSync();
}
