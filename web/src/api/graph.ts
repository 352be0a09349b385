/**
 * The knowledge graph's REST resources for the dashboard (`/api/v1/entities`,
 * `/api/v1/relations`, `/api/v1/contradictions`; src/http/routes/graph*.ts): their JSON
 * shapes (ISO-8601 times) and one TanStack Query hook per resource.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';

export interface Entity {
  id: string;
  name: string;
  type: string;
  aliases: string[];
  summary: string | null;
  created_at: string;
  updated_at: string;
  memories?: number;
}

/** A fact with both time axes: valid (`valid_at`..`invalid_at`) and system (`created_at`..`expired_at`). */
export interface Fact {
  id: string;
  entity_id: string;
  content: string;
  predicate: string | null;
  value: string | null;
  confidence: number;
  valid_at: string;
  invalid_at: string | null;
  created_at: string;
  expired_at: string | null;
  superseded_by: string | null;
}

export interface Relation {
  id: string;
  from_id: string;
  to_id: string;
  from: string;
  to: string;
  type: string;
  weight: number;
  valid_at: string;
  invalid_at: string | null;
  created_at: string;
  expired_at: string | null;
  superseded_by: string | null;
}

export interface EntityDetail extends Entity {
  memories: number;
  observations: Fact[];
  relations: Relation[];
}

export interface GraphAt {
  entities: Array<Entity & { observations: Fact[] }>;
  relations: Relation[];
}

export interface ContradictionSide {
  id: string;
  text: string;
  at: string;
  confidence?: number;
}

export interface Contradiction {
  id: string;
  kind: 'observation' | 'memory';
  entity: { id: string; name: string; type: string } | null;
  reasons: string[];
  scores: { rule: number; jaccard: number; cosine: number | null; confidenceDrift: number | null };
  older: ContradictionSide;
  newer: ContradictionSide;
  suggestion: string;
}

export const useEntities = (params: { page: number; size: number; q?: string | undefined }) => useQuery({
  queryKey: ['entities', params],
  queryFn: ({ signal }) => api<{ total: number; entities: Entity[] }>('/api/v1/entities', { query: { page: params.page, size: params.size, q: params.q || undefined }, signal }),
  placeholderData: keepPreviousData,
});

export const useEntity = (id: string) => useQuery({
  queryKey: ['entity', id],
  queryFn: ({ signal }) => api<EntityDetail>(`/api/v1/entities/${encodeURIComponent(id)}`, { signal }),
});

export const useGraph = (asOf?: string) => useQuery({
  queryKey: ['graph', asOf ?? null],
  queryFn: ({ signal }) => api<GraphAt>('/api/v1/relations', { query: { as_of: asOf || undefined }, signal }),
});

export const useContradictions = () => useQuery({
  queryKey: ['contradictions'],
  queryFn: ({ signal }) => api<{ total: number; contradictions: Contradiction[] }>('/api/v1/contradictions', { signal }),
});

/** Writes of the graph API. */
export const graphApi = {
  resolve: (v: { id: string; action: 'supersede' | 'dismiss' | 'delete' }) =>
    api<{ id: string; action: string; changed: string[] }>(`/api/v1/contradictions/${encodeURIComponent(v.id)}/resolve`, { method: 'POST', body: { action: v.action } }),
};
