import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../core/config.ts';
import { describeModels } from '../../core/models/registry.ts';
import { gloveModel, needs, sileroModel, storiesModel, tempDir } from '../helpers/env.ts';

describe('darkroom models: what Darkroom would use, per role', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  it('lists every role and says what is off when nothing is configured', async () => {
    const config = loadConfig({ DARKROOM_HOME: path.join(tmp.dir, 'home') });
    const status = await describeModels(config);
    assert.deepEqual(status.map((s) => s.role), ['embedder', 'whisper', 'llm', 'ocr', 'vad']);
    const embedder = status.find((s) => s.role === 'embedder');
    assert.equal(embedder?.available, false);
    assert.match(embedder?.note ?? '', /semantic search is off/);
    assert.match(embedder?.looks_in ?? '', /DARKROOM_EMBED_MODEL is unset/);
  });

  it('hashes the OCR traineddata that ships with Darkroom and verifies it', async () => {
    const config = loadConfig({ DARKROOM_HOME: path.join(tmp.dir, 'home') });
    const ocr = (await describeModels(config)).find((s) => s.role === 'ocr');
    assert.equal(ocr?.files.length, 2);
    assert.ok(ocr?.files.every((f) => f.verified === true && /^[0-9a-f]{64}$/.test(f.sha256 ?? '')));
  });

  it('verifies the configured embedder, LLM and VAD files against recorded checksums', { skip: needs(gloveModel, 'the GloVe test embedder') || needs(storiesModel, 'the stories260K test LLM') || needs(sileroModel, 'the Silero VAD model') }, async () => {
    const config = loadConfig({ DARKROOM_HOME: path.join(tmp.dir, 'home'), DARKROOM_EMBED_MODEL: gloveModel, DARKROOM_LLM_MODEL: storiesModel, DARKROOM_VAD_MODEL: sileroModel });
    const status = await describeModels(config);
    for (const role of ['embedder', 'llm', 'vad'] as const) {
      const s = status.find((x) => x.role === role);
      assert.equal(s?.available, true, role);
      assert.equal(s?.files[0]?.verified, true, `${role} verifies`);
    }
  });

  it('flags a file whose name has a recorded checksum but whose bytes differ', { skip: needs(storiesModel, 'the stories260K test LLM') }, async () => {
    const dir = path.join(tmp.dir, 'tampered');
    mkdirSync(dir);
    const file = path.join(dir, 'stories260K.gguf');
    copyFileSync(storiesModel, file);
    writeFileSync(file, 'truncated', { flag: 'r+' });
    const config = loadConfig({ DARKROOM_HOME: path.join(tmp.dir, 'home'), DARKROOM_LLM_MODEL: file });
    const llm = (await describeModels(config)).find((s) => s.role === 'llm');
    assert.equal(llm?.files[0]?.verified, false);
  });

  it('reports an unknown file with its hash and no verdict', async () => {
    const file = path.join(tmp.dir, 'my-own.gguf');
    writeFileSync(file, 'not a real model, but a file');
    const config = loadConfig({ DARKROOM_HOME: path.join(tmp.dir, 'home'), DARKROOM_LLM_MODEL: file });
    const llm = (await describeModels(config)).find((s) => s.role === 'llm');
    assert.equal(llm?.files[0]?.verified, null);
    assert.match(llm?.files[0]?.sha256 ?? '', /^[0-9a-f]{64}$/);
  });
});
