import * as fs from 'fs';

/**
 * Aggregates a V8 .heapsnapshot by what its objects are (docs/notes/workflow-memory.md): self
 * sizes summed per constructor / closure name / internal array kind (named by the object that
 * holds it), strings grouped by their first characters. With two snapshots (a baseline and one
 * with more workflows cached) it prints the difference divided by the number of workflows added.
 *
 * Reads the file as bytes and parses the nodes, edges and strings sections itself, so snapshots
 * larger than V8's longest string (about 512 MiB) can be read.
 *
 *   node dist/bench-stack/bench/heap-aggregate.js <snapshot> [<baseline snapshot> <workflows added>] [--top 40]
 *   node dist/bench-stack/bench/heap-aggregate.js <snapshot> --explain "object Activator" <depth>
 *     (mean retained size of the nodes so labelled, and what their edges retain)
 */

interface Snapshot {
  nodeFields: string[];
  nodeTypes: string[];
  edgeFields: string[];
  edgeTypes: string[];
  nodes: Uint32Array;
  edges: Uint32Array;
  strings: string[];
}

function readInts(buf: Buffer, start: number, count: number): { values: Uint32Array; end: number } {
  const values = new Uint32Array(count);
  let i = start;
  let n = 0;
  let current = 0;
  let inNumber = false;
  for (; i < buf.length; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      current = current * 10 + (c - 48);
      inNumber = true;
    } else {
      if (inNumber) {
        values[n++] = current;
        current = 0;
        inNumber = false;
      }
      if (c === 93 /* ] */) break;
    }
  }
  if (n !== count) throw new Error(`expected ${count} integers, read ${n}`);
  return { values, end: i };
}

function readStrings(buf: Buffer, start: number): string[] {
  const strings: string[] = [];
  let i = start;
  while (i < buf.length) {
    const c = buf[i];
    if (c === 93 /* ] */) break;
    if (c === 34 /* " */) {
      let j = i + 1;
      while (buf[j] !== 34) j += buf[j] === 92 /* \ */ ? 2 : 1;
      strings.push(JSON.parse(buf.toString('utf8', i, j + 1)) as string);
      i = j + 1;
    } else i++;
  }
  return strings;
}

export function readSnapshot(file: string): Snapshot {
  const buf = fs.readFileSync(file);
  const nodesAt = buf.indexOf('"nodes":[');
  const header = JSON.parse(buf.toString('utf8', 0, buf.lastIndexOf(',', nodesAt)) + '}') as {
    snapshot: {
      meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
      node_count: number;
      edge_count: number;
    };
  };
  const { meta, node_count, edge_count } = header.snapshot;
  const nodes = readInts(buf, nodesAt + 9, node_count * meta.node_fields.length);
  const edgesAt = buf.indexOf('"edges":[', nodes.end);
  const edges = readInts(buf, edgesAt + 9, edge_count * meta.edge_fields.length);
  const stringsAt = buf.indexOf('"strings":[', edges.end);
  return {
    nodeFields: meta.node_fields,
    nodeTypes: meta.node_types[0],
    edgeFields: meta.edge_fields,
    edgeTypes: meta.edge_types[0],
    nodes: nodes.values,
    edges: edges.values,
    strings: readStrings(buf, stringsAt + 11),
  };
}

/** Self size per kind of object; internal arrays are named by the first object found holding them. */
export function aggregate(s: Snapshot): { bySize: Map<string, { size: number; count: number }>; total: number } {
  const nf = s.nodeFields.length;
  const ef = s.edgeFields.length;
  const fType = s.nodeFields.indexOf('type');
  const fName = s.nodeFields.indexOf('name');
  const fSize = s.nodeFields.indexOf('self_size');
  const fEdges = s.nodeFields.indexOf('edge_count');
  const fTo = s.edgeFields.indexOf('to_node');
  const fEdgeType = s.edgeFields.indexOf('type');
  const fEdgeName = s.edgeFields.indexOf('name_or_index');
  const count = s.nodes.length / nf;
  const owner = new Int32Array(count).fill(-1);
  const ownerEdge = new Array<string | undefined>(count);
  let e = 0;
  for (let n = 0; n < count; n++) {
    const edges = s.nodes[n * nf + fEdges];
    for (let k = 0; k < edges; k++, e += ef) {
      const to = s.edges[e + fTo] / nf;
      const edgeType = s.edgeTypes[s.edges[e + fEdgeType]];
      if (owner[to] === -1 && edgeType !== 'weak' && edgeType !== 'shortcut') {
        owner[to] = n;
        const nameOrIndex = s.edges[e + fEdgeName];
        ownerEdge[to] = edgeType === 'element' || edgeType === 'hidden' ? `[${nameOrIndex}]` : s.strings[nameOrIndex];
      }
    }
  }
  const label = (n: number): string => {
    const type = s.nodeTypes[s.nodes[n * nf + fType]];
    const name = s.strings[s.nodes[n * nf + fName]];
    if (type === 'object' || type === 'closure' || type === 'regexp' || type === 'native') return `${type} ${name}`;
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string')
      return `${type} "${name.slice(0, 50).replace(/\n/g, '\\n')}"`;
    return `${type} ${name}`;
  };
  const bySize = new Map<string, { size: number; count: number }>();
  let total = 0;
  for (let n = 0; n < count; n++) {
    const type = s.nodeTypes[s.nodes[n * nf + fType]];
    const size = s.nodes[n * nf + fSize];
    total += size;
    let key = label(n);
    if (type === 'array' || type === 'hidden' || type === 'code' || type === 'object shape' || type === 'number') {
      const o = owner[n];
      const ownerLabel = o >= 0 ? label(o) : '(none)';
      key = `${key}  <-${ownerEdge[n] ?? ''}- ${ownerLabel.slice(0, 80)}`;
    }
    const entry = bySize.get(key) ?? { size: 0, count: 0 };
    entry.size += size;
    entry.count += 1;
    bySize.set(key, entry);
  }
  return { bySize, total };
}

/**
 * Immediate dominators and retained sizes (Cooper, Harvey and Kennedy's iterative algorithm over
 * a post-order from the snapshot's root; weak edges do not retain).
 */
export function retainedSizes(s: Snapshot): { idom: Int32Array; retained: Float64Array } {
  const nf = s.nodeFields.length;
  const ef = s.edgeFields.length;
  const fSize = s.nodeFields.indexOf('self_size');
  const fEdges = s.nodeFields.indexOf('edge_count');
  const fTo = s.edgeFields.indexOf('to_node');
  const fEdgeType = s.edgeFields.indexOf('type');
  const weak = s.edgeTypes.indexOf('weak');
  const count = s.nodes.length / nf;
  const firstEdge = new Uint32Array(count + 1);
  for (let n = 0; n < count; n++) firstEdge[n + 1] = firstEdge[n] + s.nodes[n * nf + fEdges] * ef;
  // Post-order by an iterative depth-first search from the root (node 0).
  const order = new Int32Array(count).fill(-1); // node -> post-order index
  const byOrder = new Int32Array(count);
  const stackNode = new Int32Array(count);
  const stackEdge = new Uint32Array(count);
  const visited = new Uint8Array(count);
  let top = 0;
  let next = 0;
  stackNode[0] = 0;
  stackEdge[0] = firstEdge[0];
  visited[0] = 1;
  while (top >= 0) {
    const n = stackNode[top];
    const e = stackEdge[top];
    if (e < firstEdge[n + 1]) {
      stackEdge[top] = e + ef;
      if (s.edges[e + fEdgeType] === weak) continue;
      const to = s.edges[e + fTo] / nf;
      if (!visited[to]) {
        visited[to] = 1;
        top += 1;
        stackNode[top] = to;
        stackEdge[top] = firstEdge[to];
      }
    } else {
      order[n] = next;
      byOrder[next++] = n;
      top -= 1;
    }
  }
  // Predecessors (reachable, strong edges only), as lists in flat arrays.
  const predCount = new Uint32Array(count + 1);
  for (let n = 0; n < count; n++) {
    if (order[n] < 0) continue;
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += ef) {
      if (s.edges[e + fEdgeType] !== weak) predCount[s.edges[e + fTo] / nf + 1] += 1;
    }
  }
  for (let n = 0; n < count; n++) predCount[n + 1] += predCount[n];
  const preds = new Int32Array(predCount[count]);
  const fill = predCount.slice(0, count);
  for (let n = 0; n < count; n++) {
    if (order[n] < 0) continue;
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += ef) {
      if (s.edges[e + fEdgeType] !== weak) preds[fill[s.edges[e + fTo] / nf]++] = n;
    }
  }
  // idom over post-order indices.
  const rootOrder = order[0];
  const dom = new Int32Array(next).fill(-1);
  dom[rootOrder] = rootOrder;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (a < b) a = dom[a];
      while (b < a) b = dom[b];
    }
    return a;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = next - 1; i >= 0; i--) {
      if (i === rootOrder) continue;
      const n = byOrder[i];
      let newIdom = -1;
      for (let p = predCount[n]; p < predCount[n + 1]; p++) {
        const po = order[preds[p]];
        if (po < 0 || dom[po] === -1) continue;
        newIdom = newIdom === -1 ? po : intersect(po, newIdom);
      }
      if (newIdom !== -1 && dom[i] !== newIdom) {
        dom[i] = newIdom;
        changed = true;
      }
    }
  }
  const idom = new Int32Array(count).fill(-1);
  const retained = new Float64Array(count);
  for (let i = 0; i < next; i++) {
    const n = byOrder[i];
    idom[n] = byOrder[dom[i]];
    retained[n] += s.nodes[n * nf + fSize];
  }
  // Post-order: children come before their dominators.
  for (let i = 0; i < next; i++) {
    const n = byOrder[i];
    if (n !== 0) retained[idom[n]] += retained[n];
  }
  return { idom, retained };
}

/** Nodes whose label starts with `prefix`: their mean retained size and what their edges retain. */
function explain(s: Snapshot, prefix: string, depth: number): void {
  const nf = s.nodeFields.length;
  const ef = s.edgeFields.length;
  const fType = s.nodeFields.indexOf('type');
  const fName = s.nodeFields.indexOf('name');
  const fEdges = s.nodeFields.indexOf('edge_count');
  const fTo = s.edgeFields.indexOf('to_node');
  const fEdgeType = s.edgeFields.indexOf('type');
  const fEdgeName = s.edgeFields.indexOf('name_or_index');
  const { idom, retained } = retainedSizes(s);
  const count = s.nodes.length / nf;
  const firstEdge = new Uint32Array(count + 1);
  for (let n = 0; n < count; n++) firstEdge[n + 1] = firstEdge[n] + s.nodes[n * nf + fEdges] * ef;
  const label = (n: number) =>
    `${s.nodeTypes[s.nodes[n * nf + fType]]} ${s.strings[s.nodes[n * nf + fName]].slice(0, 60)}`;
  const matches: number[] = [];
  for (let n = 0; n < count; n++) if (label(n).startsWith(prefix)) matches.push(n);
  if (matches.length === 0) return void console.log(`no node labelled "${prefix}…"`);
  const total = matches.reduce((sum, n) => sum + retained[n], 0);
  console.log(`${matches.length} × "${prefix}": retained ${(total / matches.length).toFixed(0)} bytes each on average`);
  // What the matched nodes retain, by path of edge names (to `depth` levels), summed over all matches.
  const byPath = new Map<string, number>();
  const walk = (n: number, path: string, level: number) => {
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += ef) {
      const to = s.edges[e + fTo] / nf;
      if (idom[to] !== n) continue;
      const edgeType = s.edgeTypes[s.edges[e + fEdgeType]];
      const nameOrIndex = s.edges[e + fEdgeName];
      const edgeName = edgeType === 'element' || edgeType === 'hidden' ? '[]' : s.strings[nameOrIndex];
      const key = `${path}.${edgeName} (${label(to)})`;
      byPath.set(key, (byPath.get(key) ?? 0) + retained[to]);
      if (level < depth) walk(to, key, level + 1);
    }
  };
  for (const n of matches) walk(n, '', 1);
  const rows = [...byPath.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.ROWS ?? 40));
  for (const [key, size] of rows) console.log(`${(size / matches.length).toFixed(0).padStart(8)}  ${key}`);
  // Nodes they dominate without holding them by an edge of their own (reached through two of their children).
  const matched = new Uint8Array(count);
  for (const n of matches) matched[n] = 1;
  const direct = new Uint8Array(count);
  for (const n of matches) for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += ef) direct[s.edges[e + fTo] / nf] = 1;
  const shared = new Map<string, number>();
  for (let n = 0; n < count; n++) {
    if (idom[n] < 0 || !matched[idom[n]] || direct[n]) continue;
    shared.set(label(n), (shared.get(label(n)) ?? 0) + retained[n]);
  }
  console.log('dominated through several of their children:');
  for (const [key, size] of [...shared.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`${(size / matches.length).toFixed(0).padStart(8)}  ${key}`);
  // Everything they retain, by kind of object.
  const kinds = new Map<string, number>();
  const inside = (n: number) => {
    for (let d = idom[n]; d > 0; d = idom[d]) if (matched[d]) return true;
    return false;
  };
  const fSize = s.nodeFields.indexOf('self_size');
  for (let n = 0; n < count; n++) {
    if (idom[n] < 0 || !inside(n)) continue;
    const key = label(n).slice(0, 70);
    kinds.set(key, (kinds.get(key) ?? 0) + s.nodes[n * nf + fSize]);
  }
  console.log('all they retain, by kind (self sizes):');
  for (const [key, size] of [...kinds.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.KINDS ?? 30)))
    console.log(`${(size / matches.length).toFixed(0).padStart(8)}  ${key.replace(/\n/g, '\\n')}`);
}

function main(): void {
  const explainAt = process.argv.indexOf('--explain');
  if (explainAt >= 0) {
    const [, prefix, depth] = process.argv.splice(explainAt, 3);
    return explain(readSnapshot(process.argv[2]), prefix, Number(depth ?? 1));
  }
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 40;
  const [file, baselineFile, addedText] = args;
  const current = aggregate(readSnapshot(file));
  const baseline = baselineFile ? aggregate(readSnapshot(baselineFile)) : undefined;
  const added = addedText ? Number(addedText) : 1;
  const rows = [...current.bySize.entries()].map(([key, { size, count }]) => {
    const base = baseline?.bySize.get(key);
    return { key, size: size - (base?.size ?? 0), count: count - (base?.count ?? 0) };
  });
  rows.sort((a, b) => b.size - a.size);
  const totalDiff = current.total - (baseline?.total ?? 0);
  console.log(
    baseline
      ? `heap ${(current.total / 2 ** 20).toFixed(1)} MiB, baseline ${(baseline.total / 2 ** 20).toFixed(1)} MiB: +${(totalDiff / added).toFixed(0)} bytes per workflow (${added} added)`
      : `heap ${(current.total / 2 ** 20).toFixed(1)} MiB`,
  );
  console.log(`| bytes${baseline ? ' per workflow' : ''} | share | objects${baseline ? ' per workflow' : ''} | what |`);
  console.log('| ---: | ---: | ---: | --- |');
  for (const row of rows.slice(0, top)) {
    console.log(
      `| ${(row.size / added).toFixed(0)} | ${((100 * row.size) / totalDiff).toFixed(1)} % | ${(row.count / added).toFixed(1)} | ${row.key.replace(/\|/g, '\\|')} |`,
    );
  }
}

if (require.main === module) main();
