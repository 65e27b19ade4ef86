// Runs each query of a JSON object {name: sql} on a DuckDB file opened read-only with the
// Node client, and prints {name: rows} as JSON (values as JSON-safe strings and numbers).
// Usage: node read.mjs FILE < queries.json
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const queries = JSON.parse(readFileSync(0, 'utf-8'));
const instance = await DuckDBInstance.create(process.argv[2], { access_mode: 'READ_ONLY' });
const connection = await instance.connect();
const answers = {};
for (const [name, sql] of Object.entries(queries)) {
  const reader = await connection.runAndReadAll(sql);
  answers[name] = reader.getRowsJson();
}
console.log(JSON.stringify(answers));
