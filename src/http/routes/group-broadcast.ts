/**
 * Staff route (under /api/admin): POST /wechaty/broadcast {"text","topics"?} → {"results":[{"topic","rooms"}]}
 * says the text in the group chats with those names (default: WECHATY_BROADCAST_ROOMS).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { GroupBroadcaster } from '../../notifications/groups.js';
import { parseBody } from '../validate.js';

const broadcastSchema = z.object({
  text: z.string().trim().min(1, 'text 不能为空').max(2000, 'text 最长2000个字'),
  topics: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
});

export function groupBroadcastRoutes(groups: GroupBroadcaster): Router {
  const router = Router();
  router.post('/wechaty/broadcast', async (req, res) => {
    const body = parseBody(req, broadcastSchema);
    res.json({ results: await groups.broadcastToRooms(body.topics, body.text) });
  });
  return router;
}
