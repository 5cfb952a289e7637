// Hand-built diagram graphs for the diagram tests.
import type { DiagramEdge, DiagramGraph, DiagramNode, Direction } from '../../src/diagram/types';

let offset = 0;
function span(): { start: number; end: number } {
  offset += 10;
  return { start: offset, end: offset + 5 };
}

export function node(id: string, kind: string, extra: Partial<DiagramNode> = {}): DiagramNode {
  return { id, kind, label: id, container: kind === 'region' || kind === 'group', span: span(), ...extra };
}

export function edge(source: string, target: string, extra: Partial<DiagramEdge> = {}): DiagramEdge {
  return { id: `${source}->${target}`, source, target, async: false, consumer: false, span: span(), ...extra };
}

/** An online shop: edge, API tier, services in a region, data stores, messaging. */
export function shopGraph(direction: Direction = 'right'): DiagramGraph {
  const nodes: DiagramNode[] = [
    node('web', 'client', { title: 'Web & mobile', subtitle: '20k/s' }),
    node('dns', 'dns', { subtitle: 'route53 · geo' }),
    node('edge', 'cdn', { subtitle: 'cloudfront · 95% hits' }),
    node('lb', 'loadbalancer', { subtitle: 'least_connections', stack: { count: 2, label: '2 instances' } }),
    node('api', 'gateway', { title: 'API gateway', subtitle: 'jwt · 100/s per user' }),
    node('us_east', 'region', { title: 'US East' }),
    node('checkout', 'group', { parent: 'us_east', title: 'Checkout' }),
    node('orders', 'service', { parent: 'checkout', title: 'Order service', subtitle: '4 cores · 10ms', stack: { count: 4, label: '4 instances' } }),
    node('payments', 'service', { parent: 'checkout', title: 'Payments', subtitle: 'grpc · 25ms' }),
    node('catalog', 'service', { parent: 'us_east', title: 'Catalog', subtitle: 'go · 5ms' }),
    node('cart', 'service', { parent: 'us_east', subtitle: 'node · 8ms' }),
    node('product_cache', 'cache', { parent: 'us_east', subtitle: 'redis · 80% hits · 10m ttl' }),
    node('catalog_db', 'database', { parent: 'us_east', subtitle: 'postgres · 2 replicas', stack: { count: 3, label: '1 primary + 2 replicas' } }),
    node('orders_db', 'database', {
      parent: 'us_east',
      title: 'Orders DB',
      subtitle: 'postgres · strong',
      stack: { count: 32, label: '16 shards × 2 replicas' },
    }),
    node('order_events', 'queue', { parent: 'us_east', subtitle: 'sqs · dead letter' }),
    node('emailer', 'worker', { parent: 'us_east', subtitle: '3 instances · 800ms' }),
    node('fulfilment', 'worker', { parent: 'us_east' }),
    node('clicks', 'stream', { subtitle: 'kafka · 12 partitions' }),
    node('analytics', 'job', { subtitle: 'spark · hourly' }),
    node('notify', 'pubsub', { subtitle: 'sns' }),
    node('images', 'blob', { subtitle: 's3' }),
    node('scheduler', 'orchestrator', { subtitle: 'raft' }),
    node('psp', 'unknown', { title: 'Payment provider' }),
    node('sessions', 'proxy', { subtitle: 'envoy · tls' }),
  ];
  const edges: DiagramEdge[] = [
    edge('web', 'dns'),
    edge('web', 'edge'),
    edge('edge', 'images', { label: 'miss' }),
    edge('web', 'lb'),
    edge('lb', 'api'),
    edge('api', 'sessions'),
    edge('sessions', 'catalog', { label: '/products' }),
    edge('api', 'orders', { label: '/orders' }),
    edge('api', 'cart', { label: '/cart' }),
    edge('catalog', 'product_cache'),
    edge('product_cache', 'catalog_db'),
    edge('cart', 'product_cache'),
    edge('orders', 'orders_db'),
    edge('orders', 'payments'),
    edge('payments', 'psp'),
    edge('orders', 'order_events', { label: 'order.placed', async: true }),
    edge('order_events', 'emailer', { label: 'emails', async: true, consumer: true }),
    edge('order_events', 'fulfilment', { label: 'fulfilment', async: true, consumer: true }),
    edge('emailer', 'notify', { async: true }),
    edge('api', 'clicks', { label: 'click', async: true }),
    edge('clicks', 'analytics', { label: 'analytics', async: true, consumer: true }),
    edge('scheduler', 'analytics'),
  ];
  return { system: 'Online shop', direction, nodes, edges };
}

/** Every string a design can put into the drawing, made hostile. */
export function hostileGraph(): DiagramGraph {
  const evil = `<script>alert(1)</script>"&'</svg>`;
  return {
    system: `Shop ${evil}`,
    direction: 'right',
    nodes: [
      node(`a${evil}`, 'service', { label: `a${evil}`, title: `T ${evil}`, subtitle: `S ${evil}` }),
      node(`r${evil}`, 'region', { label: `r${evil}`, title: `Region ${evil}` }),
      node('b', 'database', { parent: `r${evil}`, stack: { count: 3, label: `L ${evil}` } }),
      node(`k${evil}`, `kind${evil}`, { label: 'weird kind' }),
    ],
    edges: [
      { ...edge(`a${evil}`, 'b', { label: `E ${evil}` }), id: `e${evil}` },
      { ...edge('b', `k${evil}`, { consumer: true, async: true, label: '\u0000ctl\u0007 \ud800 lone' }), id: 'ctl' },
    ],
  };
}
