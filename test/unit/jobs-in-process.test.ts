import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createInProcessJobs } from '../../core/jobs/in-process.ts';
import { isDarkroomError } from '../../core/errors.ts';

describe('the in-process job runner', () => {
  it('runs jobs one at a time, in the order submitted, only when their result is asked for', async () => {
    const ran: string[] = [];
    const jobs = createInProcessJobs({ read: async (data) => (ran.push(String(data)), `${String(data)}!`) });
    await jobs.submit({ key: 'a', stage: 'read', data: 'one', label: 'one.txt' });
    await jobs.submit({ key: 'b', stage: 'read', data: 'two', label: 'two.txt' });
    assert.deepEqual(ran, []);
    assert.equal(jobs.window, 1);
    const first = await jobs.next();
    assert.deepEqual(ran, ['one']);
    assert.deepEqual(first, { key: 'a', stage: 'read', label: 'one.txt', ok: true, result: 'one!' });
    const second = await jobs.next();
    assert.equal(second.ok && second.result, 'two!');
  });

  it('returns a failing job as a failed outcome with its error, and says when a stage has no handler', async () => {
    const jobs = createInProcessJobs({ ocr: () => Promise.reject(new Error('tesseract crashed')) });
    await jobs.submit({ key: 'k', stage: 'ocr', data: null, label: 'scan.png' });
    await jobs.submit({ key: 'e', stage: 'embed', data: null, label: 'scan.png' });
    const failed = await jobs.next();
    assert.equal(failed.ok, false);
    assert.ok(!failed.ok && isDarkroomError(failed.error) && /tesseract crashed/.test(failed.error.message));
    const missing = await jobs.next();
    assert.ok(!missing.ok && /No handler for the embed stage/.test(missing.error.message));
  });

  it('reports progress with the job it belongs to', async () => {
    const notes: string[] = [];
    const jobs = createInProcessJobs({ transcribe: async (_d, ctx) => ctx.progress(0.5, 'half') }, { onProgress: (job, f, note) => notes.push(`${job.label} ${f} ${note}`) });
    await jobs.submit({ key: 'k', stage: 'transcribe', data: null, label: 'rush.mov' });
    await jobs.next();
    assert.deepEqual(notes, ['rush.mov 0.5 half']);
  });
});
