/**
 * POST /api/ask — policy questions over HTTP:
 * `{"question": "..."}` → `{"answered", "answer", "citations": [{"document","heading","text"}]}`.
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
});

/** Routes for the knowledge base (expects express.json() to run before them). */
export function askRoutes(kb: KnowledgeBase): express.Router {
  const router = express.Router();
  router.post('/api/ask', async (req, res) => {
    const body = parseBody(req, askBodySchema);
    const answer = await kb.ask(body.question, body.maxChars ? { maxChars: body.maxChars } : {});
    res.json({
      answered: answer.answered,
      answer: answer.text,
      confidence: answer.confidence,
      citations: answer.citations.slice(0, 3).map((c) => ({ document: c.document, heading: c.heading, text: c.text, label: c.label })),
    });
  });
  return router;
}
