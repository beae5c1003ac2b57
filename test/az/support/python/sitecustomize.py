"""Start-up hooks for the az CLI in the end-to-end tests, loaded through PYTHONPATH.

1. Debian bookworm's azure-cli 2.45 crashes on every `az role ...` command with
   "AttributeError: 'RoleDefinitionsOperations' object has no attribute 'config'": its role
   module reads the `config` attribute of the older SDK, and Debian ships
   azure-mgmt-authorization 3.0.0, whose operation classes only have `_config`
   (upstream issue Azure/azure-cli#24959). The import hook below gives those classes a read-only
   `config` property when their module is loaded. The same crash happens against real Azure.

2. When KVD_AZ_NET_GUARD_LOG names a file, an audit hook records every DNS lookup and socket
   connect that az makes and raises OSError for any host other than loopback, so a test fails
   instead of reaching the internet. Each line starts with ALLOW or BLOCK.

This file shadows Debian's own sitecustomize, which only installs the apport crash handler.
"""
import importlib.abc
import importlib.machinery
import os
import sys

_AUTHORIZATION_PACKAGE = 'azure.mgmt.authorization.'


def _add_config_alias(module):
    for name, value in list(vars(module).items()):
        if isinstance(value, type) and name.endswith('Operations') and not hasattr(value, 'config'):
            value.config = property(lambda operations: operations._config)


class _AliasingLoader(importlib.abc.Loader):
    def __init__(self, inner):
        self._inner = inner

    def create_module(self, spec):
        return self._inner.create_module(spec)

    def exec_module(self, module):
        self._inner.exec_module(module)
        _add_config_alias(module)


class _AuthorizationOperationsFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if not fullname.startswith(_AUTHORIZATION_PACKAGE) or '.operations._' not in fullname:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _AliasingLoader(spec.loader)
        return spec


sys.meta_path.insert(0, _AuthorizationOperationsFinder())


_LOOPBACK_HOSTS = {'127.0.0.1', 'localhost', '::1', 'ip6-localhost'}
_GUARDED_EVENTS = {'socket.connect', 'socket.getaddrinfo', 'socket.gethostbyname', 'socket.gethostbyname_ex'}


def _host_of(event, args):
    if event == 'socket.connect':
        address = args[1]
        return address[0] if isinstance(address, tuple) else address
    return args[0]


def _install_network_guard(log_path):
    def guard(event, args):
        if event not in _GUARDED_EVENTS:
            return
        host = _host_of(event, args)
        if isinstance(host, bytes):
            host = host.decode('utf-8', 'replace')
        # Unix socket paths and non-string addresses (netlink) stay on this machine.
        allowed = not isinstance(host, str) or host.startswith('/') or host in _LOOPBACK_HOSTS or host.startswith('127.')
        with open(log_path, 'a', encoding='utf-8') as log:
            log.write('%s %s %r %s\n' % ('ALLOW' if allowed else 'BLOCK', event, host, ' '.join(sys.argv[1:4])))
        if not allowed:
            raise OSError('network guard: rejected %s to %r because the az tests may only reach 127.0.0.1' % (event, host))

    sys.addaudithook(guard)


if os.environ.get('KVD_AZ_NET_GUARD_LOG'):
    _install_network_guard(os.environ['KVD_AZ_NET_GUARD_LOG'])
