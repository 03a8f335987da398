/**
 * POST /api/ask — policy questions over HTTP:
 * `{"question": "...", "clauseId"?}` → `{"answered", "answer", "citations": [{"document","heading","text"}],
 * "choices"?: [{"clauseId","label"}]}` (choices when it asks back; send the pick's clauseId).
 */
import express from 'express';
import { z } from 'zod';
import type { KnowledgeBase } from '../../knowledge/types.js';
import { isWellFormedText } from '../../shared/text-hygiene.js';
import { parseBody } from '../validate.js';

export const askBodySchema = z.object({
  question: z.string().trim().min(1).max(2000).refine(isWellFormedText, 'question 含有无效字符'),
  /** Optional channel limit (characters) for the answer text. */
  maxChars: z.number().int().min(70).max(2000).optional(),
  /** Answer from this clause: one of the `choices` an earlier answer asked back with. */
  clauseId: z.number().int().positive().optional(),
});

/** Routes for the knowledge base (expects express.json() to run before them). */
export function askRoutes(kb: KnowledgeBase): express.Router {
  const router = express.Router();
  router.post('/api/ask', async (req, res) => {
    const body = parseBody(req, askBodySchema);
    const answer = await kb.ask(body.question, {
      ...(body.maxChars ? { maxChars: body.maxChars } : {}),
      ...(body.clauseId !== undefined ? { clauseId: body.clauseId } : {}),
    });
    res.json({
      answered: answer.answered,
      answer: answer.text,
      confidence: answer.confidence,
      citations: answer.citations.slice(0, 3).map((c) => ({ document: c.document, heading: c.heading, text: c.text, label: c.label })),
      ...(answer.choices ? { choices: answer.choices } : {}),
    });
  });
  return router;
}
