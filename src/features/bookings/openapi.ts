/**
 * `/api/openapi.json`: OpenAPI 3.1 description of the bookings JSON API, built from the same Zod schemas
 * that validate the requests (`z.toJSONSchema`, JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
 * A test checks that every `/api/v1` route registered in the app appears here.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from './api.routes';
import {
  basketOut,
  bulkBody,
  confirmOut,
  errorOut,
  lineChanges,
  meOut,
  planningOut,
  planningQuery,
  requestOut,
} from './api.schemas';

type Json = Record<string, unknown>;

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output'): Json => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
};

const json = (s: Json) => ({ 'application/json': { schema: s } });
const errorRef = { $ref: '#/components/schemas/Error' };
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [String(c), { description: ERROR_TEXT[c] ?? `Erreur ${c}`, content: json(errorRef) }]),
  );
const ERROR_TEXT: Record<number, string> = {
  400: 'Requête invalide : messages en français par champ dans error.fields',
  401: 'Pas de session : connectez-vous',
  403: 'Jeton CSRF absent ou invalide, ou compte sans foyer',
  404: 'Inconnu ici (autre foyer, autre structure, identifiant inexistant)',
  409: 'Conflit : une confirmation avec cette clé est en cours, réessayez avec la même clé',
  503: 'Service momentanément indisponible : réessayez (avec la même Idempotency-Key)',
};

const tenantParam = {
  name: 'tenant',
  in: 'path',
  required: true,
  description: 'Identifiant (slug) de la structure',
  schema: { type: 'string' },
};
const csrfHeader = {
  name: 'x-csrf-token',
  in: 'header',
  required: true,
  description: 'Jeton CSRF donné par GET /me',
  schema: { type: 'string' },
};

/** Query parameters from an object schema (each property a parameter). */
function queryParams(s: z.ZodType): Json[] {
  const js = schema(s, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, p]) => ({
    name,
    in: 'query',
    required: (js.required ?? []).includes(name),
    schema: p,
  }));
}

/** Path under the prefix, in OpenAPI form (`:x` → `{x}`). */
export const openApiPath = (fastifyUrl: string) => fastifyUrl.replace(/:([A-Za-z_]+)/g, '{$1}');

export function openApiDocument(): Json {
  const p = (sub: string) => openApiPath(`${API_PREFIX}${sub}`);
  const paths: Record<string, Json> = {
    [p('/me')]: {
      get: {
        operationId: 'getMe',
        summary: 'Le foyer connecté, ses inscriptions réservables et le jeton CSRF',
        parameters: [tenantParam],
        responses: { '200': { description: 'OK', content: json(schema(meOut)) }, ...errors(401, 403, 404) },
      },
    },
    [p('/planning')]: {
      get: {
        operationId: 'getPlanning',
        summary: "Planning d'un enfant pour une inscription acceptée (cellules jour × unité)",
        parameters: [tenantParam, ...queryParams(planningQuery)],
        responses: {
          '200': { description: 'OK', content: json(schema(planningOut)) },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    [p('/basket')]: {
      get: {
        operationId: 'getBasket',
        summary: 'Le panier ouvert et sa revue (délais, lignes en retard ou périmées)',
        parameters: [tenantParam],
        responses: {
          '200': { description: 'OK', content: json(schema(basketOut)) },
          ...errors(401, 403, 404),
        },
      },
    },
    [p('/basket/lines')]: {
      post: {
        operationId: 'changeBasketLines',
        summary:
          'Toucher une cellule (sans op : bascule), ou fixer des lignes (op add / cancel / none) — tout ou rien',
        parameters: [tenantParam, csrfHeader],
        requestBody: { required: true, content: json(schema(lineChanges, 'input')) },
        responses: {
          '200': { description: 'Le panier et les cellules touchées' },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    [p('/basket/lines/:key')]: {
      delete: {
        operationId: 'deleteBasketLine',
        summary: 'Retirer une ligne du panier (clé childId|day|unitId, encodée)',
        parameters: [
          tenantParam,
          csrfHeader,
          { name: 'key', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'Le panier' }, ...errors(401, 403, 404) },
      },
    },
    [p('/basket/bulk')]: {
      post: {
        operationId: 'bulkBasket',
        summary: 'Réserver ou annuler en masse : période, jours affichés, semaine type (pattern)',
        parameters: [tenantParam, csrfHeader],
        requestBody: { required: true, content: json(schema(bulkBody, 'input')) },
        responses: {
          '200': { description: 'Le panier et les lignes changées' },
          ...errors(400, 401, 403, 404),
        },
      },
    },
    [p('/basket/confirm')]: {
      post: {
        operationId: 'confirmBasket',
        summary:
          'Confirmer le panier ouvert. Rejouer la même Idempotency-Key renvoie la première réponse (même statut, en-tête idempotent-replayed)',
        parameters: [
          tenantParam,
          csrfHeader,
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: true,
            description:
              'Clé choisie par le client (100 caractères ASCII visibles au plus), réutilisée pour réessayer',
            schema: { type: 'string', maxLength: 100 },
          },
        ],
        responses: {
          '201': {
            description: 'Résultat de la demande (numéro, issue de chaque ligne)',
            content: json(schema(confirmOut)),
          },
          ...errors(400, 401, 403, 404, 409, 503),
        },
      },
    },
    [p('/requests/:number')]: {
      get: {
        operationId: 'getRequest',
        summary: "État d'une demande du foyer par son numéro (R2026-000123)",
        parameters: [tenantParam, { name: 'number', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'OK', content: json(schema(requestOut)) },
          ...errors(400, 401, 403, 404),
        },
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Maisonnée — API réservations',
      version: '1.0.0',
      description:
        'API JSON des familles : planning, panier, confirmation idempotente, suivi des demandes. Session par cookie (connexion au portail) ; jeton CSRF dans l’en-tête x-csrf-token pour POST et DELETE. Erreurs : {error: {status, message, fields?}, requestId}, messages en français.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: { Error: schema(errorOut) },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sid' } },
    },
    security: [{ session: [] }],
  };
}

export async function openApiRoutes(app: FastifyInstance) {
  // Built on first request, not at start (cold start budget, P7).
  let doc: string | null = null;
  app.get('/api/openapi.json', async (_req, reply) => {
    doc ??= JSON.stringify(openApiDocument());
    return reply
      .type('application/json; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(doc);
  });
}
