"""``large`` is generated lazily: cheap to build, pages on demand."""

from __future__ import annotations

import time
import tracemalloc

from huntaze.simulator.data import SIZES, Dataset
from huntaze.simulator.server import SimulatorConfig, run_in_thread
from huntaze.simulator.tests.conftest import Api


def test_building_the_large_dataset_is_fast_and_small() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    data = Dataset("large", seed=1)
    first_chat_fan = data.fan_id(data.chat_fan(0))
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2.0
    assert peak < 5_000_000
    assert data.fan_count == SIZES["large"].fans
    assert data.fan_index(first_chat_fan) == data.chat_fan(0)


def test_large_chats_page_on_demand_over_http() -> None:
    local = Dataset("large", seed=1)
    with run_in_thread(SimulatorConfig(size="large", seed=1)) as sim:
        api = Api(sim)
        for j in (0, 2_500, 4_999):
            user_id = local.fan_id(local.chat_fan(j))
            page = api.ok(f"/chats/{user_id}/messages", limit=100, order="desc", skip_users="all")
            assert page["list"]
            older = api.ok(f"/chats/{user_id}/messages", limit=100, id=page["list"][-1]["id"])
            assert all(m["id"] < page["list"][-1]["id"] for m in older["list"])
        fans = api.ok("/subscriptions/subscribers", type="all", limit=100, offset=49_950)
        assert len(fans["list"]) == 50
        assert fans["hasMore"] is False
        api.close()
