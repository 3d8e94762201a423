import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  AllowlistAdd, AuditQuery, CustomPackUpload, DcgCheckRequest, DcgStatsQuery, dcgRpcs, DecisionsQuery, ExceptionApprove, ExceptionDeny, ExceptionRef,
  ExceptionsQuery, PacksEnable, PacksQuery, RuleActionSet,
} from '@flywheel/contracts';
import type { ApiDeps } from './deps.ts';
import { body, params, query } from '../http/validate.ts';

const ById = z.object({ id: z.string().min(1).max(100) });
const Actor = z.object({ actor: z.string().trim().min(1).max(200) });

/** /api/v1/dcg: the Destructive Command Guard: checks, decisions, packs, allowlist, exceptions and approvals (docs/safety.md). */
export function dcgRoutes(deps: ApiDeps): Router {
  const r = Router();
  const call = deps.peer('safety');
  const ctx = (req: Request) => ({ requestId: req.requestId });
  const P = '/dcg';

  r.post(`${P}/check`, async (req, res) => void res.json(await call(dcgRpcs.check, body(req, DcgCheckRequest), ctx(req))));
  r.post(`${P}/explain`, async (req, res) => void res.json(await call(dcgRpcs.explain, body(req, DcgCheckRequest), ctx(req))));
  r.get(`${P}/decisions`, async (req, res) => void res.json(await call(dcgRpcs.decisions, query(req, DecisionsQuery), ctx(req))));
  r.get(`${P}/stats`, async (req, res) => void res.json(await call(dcgRpcs.stats, query(req, DcgStatsQuery), ctx(req))));

  r.get(`${P}/packs`, async (req, res) => void res.json(await call(dcgRpcs.packs, query(req, PacksQuery), ctx(req))));
  r.get(`${P}/rules`, async (req, res) => {
    const { items } = await call(dcgRpcs.packs, query(req, PacksQuery), ctx(req));
    res.json({ items: items.flatMap((p) => p.rules.map((rule) => ({ ...rule, packId: p.id, enabled: p.enabled }))) });
  });
  r.put(`${P}/rules/:ruleId/action`, async (req, res) => {
    res.json(await call(dcgRpcs.ruleAction, { ...body(req, RuleActionSet.omit({ ruleId: true })), ruleId: String(req.params.ruleId) }, ctx(req)));
  });
  r.put(`${P}/packs/enabled`, async (req, res) => void res.json(await call(dcgRpcs.packsEnable, body(req, PacksEnable), ctx(req))));
  r.post(`${P}/packs`, async (req, res) => void res.status(201).json(await call(dcgRpcs.packUpload, body(req, CustomPackUpload), ctx(req))));
  r.delete(`${P}/packs/:id`, async (req, res) => {
    res.json(await call(dcgRpcs.packDelete, { ...params(req, ById), ...query(req, Actor) }, ctx(req)));
  });

  r.get(`${P}/allowlist`, async (req, res) => void res.json(await call(dcgRpcs.allowlistList, {}, ctx(req))));
  r.post(`${P}/allowlist`, async (req, res) => void res.status(201).json(await call(dcgRpcs.allowlistAdd, body(req, AllowlistAdd), ctx(req))));
  r.delete(`${P}/allowlist/:id`, async (req, res) => {
    res.json(await call(dcgRpcs.allowlistRemove, { ...params(req, ById), ...query(req, Actor) }, ctx(req)));
  });

  r.get(`${P}/exceptions`, async (req, res) => void res.json(await call(dcgRpcs.exceptions, query(req, ExceptionsQuery), ctx(req))));
  r.post(`${P}/exceptions/:ref/approve`, async (req, res) => {
    res.json(await call(dcgRpcs.approve, { ...params(req, ExceptionRef), ...body(req, ExceptionApprove) }, ctx(req)));
  });
  r.post(`${P}/exceptions/:ref/deny`, async (req, res) => {
    res.json(await call(dcgRpcs.deny, { ...params(req, ExceptionRef), ...body(req, ExceptionDeny) }, ctx(req)));
  });
  r.get(`${P}/audit`, async (req, res) => void res.json(await call(dcgRpcs.audit, query(req, AuditQuery), ctx(req))));
  return r;
}
