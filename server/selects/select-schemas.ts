/**
 * What clients send to change or export a select list, validated with zod. Shared by the HTTP routes,
 * the edit-suite socket events and the CLI, so that all three accept the same fields.
 */
import { z } from 'zod';
import { exportFormatNames } from '../exports/types.ts';
import { exportRateNames } from '../exports/export-rate.ts';

/** Longest handle, in seconds. */
export const MAX_HANDLE_S = 600;

export const corpusSchema = z.string().trim().min(1, 'the corpus name is empty').max(64);
const handle = z.number().min(0).max(MAX_HANDLE_S);

export const selectAddSchema = z
  .object({
    /** The passage to select: a search hit's `id` or a citation's `passage_id`. */
    passage_id: z.string().min(1).max(200),
    handle_before_s: handle.default(0),
    handle_after_s: handle.default(0),
    /** A narrower span than the passage, in seconds from the start of the file (both or neither). */
    start_s: z.number().min(0).optional(),
    end_s: z.number().min(0).optional(),
    note: z.string().max(1000).optional(),
    /** Where to insert (0-based); default: at the end. */
    position: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((v) => (v.start_s === undefined) === (v.end_s === undefined) && (v.start_s === undefined || (v.end_s ?? 0) > v.start_s), {
    message: 'give both start_s and end_s (end after start), or neither',
  });
export type SelectAddInput = z.input<typeof selectAddSchema>;

export const selectPatchSchema = z
  .object({ handle_before_s: handle.optional(), handle_after_s: handle.optional(), note: z.string().max(1000).nullable().optional() })
  .strict();

export const selectReorderSchema = z.object({ ids: z.array(z.string().min(1).max(100)).max(1000) }).strict();

export const exportRequestSchema = z
  .object({
    format: z.enum(exportFormatNames),
    /** Timeline rate; default: the first media clip's rate (25 if none). */
    fps: z.enum(exportRateNames).optional(),
    /** Sequence title; default "<corpus> selects". */
    title: z.string().trim().min(1).max(120).optional(),
  })
  .strict();
export type ExportRequest = z.input<typeof exportRequestSchema>;
