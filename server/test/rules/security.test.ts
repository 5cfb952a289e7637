// Security rules: who can reach what. Each fires on its trigger, stays silent
// on the other side of it, and its quick fixes leave a valid design without it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fires, ruleTable, silent } from './helpers';

describe('database-exposed', () => {
  const shop = (connections: string) => `system shop {
  client app { rate: 10/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 2 }
  database orders: postgres {
    backup: daily
    replication { mode: primary_replica  replicas: 1 }
  }
  ${connections}
}`;

  ruleTable('database-exposed', [
    { name: 'fires on a client connected straight to a database', design: shop('app -> lb -> api -> orders\n  ⟦app -> orders⟧'), names: ['app', 'orders'] },
    { name: 'fires on the hop of a chain that starts at the client', design: shop('⟦app -> orders⟧ (on: read)\n  app -> lb -> api'), names: ['app', 'orders'] },
    { name: 'silent when a service stands between them', design: shop('app -> lb -> api -> orders') },
    { name: 'silent for a service reading the database', design: shop('api -> orders') },
  ]);
});

describe('gateway-bypass', () => {
  const shop = (connections: string, gateway = 'gateway api { instances: 2  auth: jwt }') => `system shop {
  client web { rate: 100/s }
  ${gateway}
  loadbalancer lb { instances: 2 }
  service orders { instances: 2 }
  service search { instances: 2 }
  ${connections}
}`;

  ruleTable('gateway-bypass', [
    { name: 'fires when a client calls a service behind the gateway directly', design: shop('web -> api -> orders\n  ⟦web -> orders⟧'), names: ['web', 'orders', 'api'] },
    { name: 'fires when the side door goes through a load balancer the gateway also uses', design: shop('web -> api -> lb -> orders\n  ⟦web -> lb⟧'), names: ['web', 'lb', 'api'] },
    { name: 'fires when a balancer in front sends to both the gateway and a guarded service', design: shop('⟦web -> lb⟧ -> api -> orders\n  lb -> orders'), names: ['orders', 'api'] },
    { name: 'silent when everything goes through the gateway', design: shop('web -> lb -> api -> orders\n  api -> search') },
    { name: 'silent for a public service the gateway does not route to', design: shop('web -> api -> orders\n  web -> search') },
    { name: 'silent without a gateway', design: shop('web -> lb -> orders\n  web -> search', 'service api { instances: 2 }') },
    { name: 'silent for asynchronous calls from the client', design: shop('web -> api -> orders\n  web -> orders (async)') },
  ]);
});

describe('unauthenticated-entry', () => {
  const shop = (gateway: string, connections = 'web -> api -> orders') => `system shop {
  client web { rate: 100/s }
  loadbalancer lb { instances: 2 }
  ${gateway}
  service orders { instances: 2 }
  ${connections}
}`;

  ruleTable('unauthenticated-entry', [
    { name: 'fires on the name of an entry gateway that leaves auth at its default', design: shop('gateway ⟦api⟧ { instances: 2 }'), names: ['api', 'web', 'auth: jwt'], fixed: /gateway api \{ auth: jwt {2}instances: 2 \}/ },
    { name: 'fires on an explicit auth: none', design: shop('gateway api { instances: 2  auth: ⟦none⟧ }'), names: ['api'], fixed: /auth: jwt \}/ },
    { name: 'fires behind a load balancer the client enters through', design: shop('gateway ⟦api⟧ { instances: 2 }', 'web -> lb -> api -> orders'), names: ['api'] },
    { name: 'silent with JWT', design: shop('gateway api { instances: 2  auth: jwt }') },
    { name: 'silent with API keys', design: shop('gateway api { instances: 2  auth: api_key }') },
    { name: 'silent for an internal gateway that no client enters through', design: shop('gateway api { instances: 2 }', 'web -> lb -> orders -> api') },
  ]);

  test('offers JWT (preferred) and OAuth', () => {
    const fired = fires('unauthenticated-entry', shop('gateway ⟦api⟧ { instances: 2 }'), ['api']);
    assert.deepEqual(fired.findings[0].fixes!.map((f) => [f.title, f.preferred === true]), [['Authenticate with JWT', true], ['Authenticate with OAuth', false]]);
  });
});

describe('plaintext-sensitive-data', () => {
  const clinic = (proxy: string, data: string) => `system clinic {
  client app { rate: 10/s }
  ${proxy}
  service records_api { instances: 2 }
  database records: postgres {
    data: ${data}
    backup: daily
    replication { mode: primary_replica  replicas: 1 }
  }
  app -> edge -> records_api -> records
}`;

  ruleTable('plaintext-sensitive-data', [
    { name: 'fires on tls_termination in front of personal data', design: clinic('proxy edge { ⟦tls_termination⟧  instances: 2 }', 'personal'), names: ['edge', 'records', 'personal'], fixed: /proxy edge \{ tls_termination: false {2}instances: 2 \}/ },
    { name: 'fires on tls_termination: true in front of financial data', design: clinic('proxy edge { ⟦tls_termination: true⟧  instances: 2 }', 'financial'), names: ['records', 'financial'], fixed: true },
    { name: 'silent for general data', design: clinic('proxy edge { tls_termination  instances: 2 }', 'general') },
    { name: 'silent when TLS passes through', design: clinic('proxy edge { tls_termination: false  instances: 2 }', 'personal') },
  ]);
});

test('the security rules say nothing about a design with one authenticated way in', () => {
  const analysis = silent('gateway-bypass', `system shop {
  client web { rate: 100/s }
  loadbalancer lb { instances: 2 }
  gateway api { instances: 2  auth: oauth }
  service orders { instances: 2 }
  database db: postgres { backup: daily  data: personal  replication { mode: primary_replica  replicas: 1 } }
  web -> lb -> api -> orders -> db
}`);
  assert.deepEqual(analysis.diagnostics.filter((d) => ['database-exposed', 'unauthenticated-entry', 'plaintext-sensitive-data'].includes(d.rule)), []);
});
