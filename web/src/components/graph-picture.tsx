/**
 * A picture of the knowledge graph drawn with Cytoscape.js (loaded on first use, so the
 * rest of the dashboard does not carry it): entities as labelled nodes, relations as
 * labelled arrows, laid out by the built-in force-directed `cose` layout. Clicking a
 * node calls `onSelect` with the entity id.
 */
import { Box, useComputedColorScheme } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { GraphAt } from '../api/graph';

export function GraphPicture({ graph, onSelect, height = 420 }: { graph: GraphAt; onSelect?: (id: string) => void; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const dark = useComputedColorScheme('light') === 'dark';
  useEffect(() => {
    let destroyed = false;
    let cy: { destroy(): void } | undefined;
    void import('cytoscape').then(({ default: cytoscape }) => {
      if (destroyed || !ref.current) return;
      const text = dark ? '#e9ecef' : '#212529';
      const instance = cytoscape({
        container: ref.current,
        elements: [
          ...graph.entities.map((e) => ({ data: { id: e.id, label: e.type ? `${e.name}\n(${e.type})` : e.name } })),
          ...graph.relations.map((r) => ({ data: { id: r.id, source: r.from_id, target: r.to_id, label: r.type } })),
        ],
        style: [
          { selector: 'node', style: { 'background-color': '#4c6ef5', label: 'data(label)', color: text, 'font-size': 11, 'text-wrap': 'wrap', 'text-valign': 'bottom', 'text-margin-y': 4 } },
          { selector: 'edge', style: { width: 2, 'line-color': '#adb5bd', 'target-arrow-color': '#adb5bd', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 9, color: text, 'text-rotation': 'autorotate' } },
        ],
        layout: { name: 'cose', animate: false, padding: 30 },
        wheelSensitivity: 0.3,
      });
      instance.on('tap', 'node', (evt) => onSelect?.(evt.target.id() as string));
      ref.current.dataset.ready = 'true';
      ref.current.dataset.nodes = String(instance.nodes().length);
      ref.current.dataset.edges = String(instance.edges().length);
      cy = instance;
    });
    return () => { destroyed = true; cy?.destroy(); };
  }, [graph, dark, onSelect]);
  return <Box ref={ref} data-testid="graph-picture" role="img" aria-label={`Graph of ${graph.entities.length} entities and ${graph.relations.length} relations`} h={height} style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }} />;
}
