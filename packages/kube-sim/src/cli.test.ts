import { parseArgs } from './cli';

describe('kube-sim CLI arguments', () => {
  it('keeps plain HTTP and the admin-for-everyone default', () => {
    expect(parseArgs([])).toEqual({
      port: 6443,
      host: '127.0.0.1',
      scenario: 'demo',
    });
  });

  it('parses the TLS and authentication flags', () => {
    expect(
      parseArgs(['--tls', '--tls-dir=/tmp/ca', '--strict-auth', '-p', '0']),
    ).toMatchObject({
      port: 0,
      tls: true,
      tlsDir: '/tmp/ca',
      strictAuth: true,
    });
    expect(() => parseArgs(['--tlsx'])).toThrow('unknown argument: --tlsx');
  });
});
