"""Which site addresses only work on this machine or its network: `policy publish --push` refuses them, since a
release records its address forever."""

from __future__ import annotations

import pytest

from policykit.settings import is_local


@pytest.mark.parametrize("host", [
    "127.0.0.1:8000", "localhost", "LOCALHOST", "localhost.", "app.localhost", "127.0.0.2", "127.1", "2130706433",
    "0x7f.1", "0177.0.0.1", "0.0.0.0", "0", "[::1]", "[::]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[fe80::1]",
    "169.254.169.254", "10.0.0.1", "172.16.5.4", "192.168.1.1", "192.168.1.1.", "[fd00::1]",
])
def test_an_address_that_works_only_here_or_on_this_network_is_local(host):
    assert is_local(f"http://{host}/policies/")


@pytest.mark.parametrize("host", ["example.org", "example.org.", "93.184.215.14", "[2606:4700::1]",
                                  "localhost.example.org", "127.0.0.1.example.org", "8.8.8.8"])
def test_a_public_address_is_not_local(host):
    assert not is_local(f"https://{host}/")
