import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/migrations/migrations.js';

const FOLDER = new URL('../sql/migrations/', import.meta.url);

/**
 * The sha256 of each released migration file. Databases recorded these versions as applied: a
 * file that changed would never run on them, and would make fresh schemas differ from theirs.
 * A new migration gets a new file and a new line here; a released one never changes.
 */
const RELEASED: Readonly<Record<number, string>> = {
  1: '63e08111b86a8ab1b0736cf2d5e9058033645014bd34380a0a9340d6392b4cd7',
  2: '147d24902b317fb0b66ab341e329efe3b1661fd8e07f5f49b5d3930f17dba3dc',
  3: '62e7a8115696bf13105858455f7e6f67dd9240a2f2ddd266a5f78449b7c8563e',
  5: 'e1b3151d20c80d10afe06f7ee2468583fddb1b29b8fc1e7a22224a7cb8355a6a',
  6: '6d18dc7568580883df53d66b3a41199d7aa79146e76c99b711d84075137e3f10',
  7: '5139d5153c181b1c1e3d911cc62bb734f110f309a0ae7429bcfe15ec1ef3f4db',
  8: 'd6c7e79ef4e64fae84cd9ccd3f5193b23eef9998c38d64163b8a26acce123220',
  9: '32ed851c35509d3201e6b84995bc951cb794b70532db3407806ec7f28be75b3b',
  10: '5f5edbdabd99474d410b4046dd967d5a4c20afdf8a346f72ea8c186617443582',
  11: 'ae4b861351999d2025d8a6c3185fda5509df7e0b9ad855240990dd93b4b416d5',
  12: '1d5c2eadda2646b38e65cc8075dcdb108791805e6d24faed0064cb44ddb44976',
};

const fileOf = (version: number) => `${String(version).padStart(6, '0')}.sql`;

describe('released migrations', () => {
  it('are exactly the files of sql/migrations/, each listed in MIGRATIONS and pinned here', () => {
    const files = readdirSync(FOLDER).filter((name) => name.endsWith('.sql'));
    expect(files.sort()).toEqual(MIGRATIONS.map((migration) => fileOf(migration.version)).sort());
    expect(Object.keys(RELEASED).map(Number)).toEqual(MIGRATIONS.map((migration) => migration.version));
  });

  it.each(MIGRATIONS.map((migration) => migration.version))('%i never changes', (version) => {
    const file = fileOf(version);
    const hash = createHash('sha256')
      .update(readFileSync(new URL(file, FOLDER)))
      .digest('hex');
    expect(
      hash,
      `sql/migrations/${file} is not the released file: a released migration never changes (databases ` +
        'recorded it as applied and would never run the new text). Put it back and add a new migration ' +
        'instead (the next version: a file in sql/migrations/, a line in src/migrations/migrations.ts, its sha256 in ' +
        'this test).',
    ).toBe(RELEASED[version]);
  });
});
