"""Generated restaurants: look-alikes of the hand-written ones, made to be confused with them.

Each cuisine of ``menu_data`` gets three more restaurants whose menus are drawn from the
hand-written menu of that cuisine (a seeded ``random.Random``), so the world holds decoys on
purpose: the same dish at several restaurants at different prices, near-duplicate names
("Chicken Tikka" beside "Chicken Tikka Masala"), extra sizes, seasonal and out-of-stock items,
restaurants closed at the world's time, and delivery zones that leave some addresses out.
"""

from __future__ import annotations

import random

from .world import Coupon, MenuItem, Restaurant

ZONES = ("north", "south", "east", "west", "central")

# cuisine -> three (id, name) of generated restaurants; written by hand so names read real.
NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "Italian": (("r_napoli", "Napoli Express"), ("r_mamarosa", "Mama Rosa's Kitchen"),
                ("r_trattoria", "Trattoria Lucca")),
    "Japanese": (("r_umi", "Umi Sushi Bar"), ("r_tokyotable", "Tokyo Table"),
                 ("r_hanami", "Hanami Rolls")),
    "Indian": (("r_tandoor", "Tandoor House"), ("r_masala", "Masala Junction"),
               ("r_delhi", "Delhi Darbar")),
    "Mexican": (("r_cantina", "La Cantina"), ("r_agave", "Agave Street Kitchen"),
                ("r_tacoloco", "Taco Loco")),
    "Salads & Bowls": (("r_leafy", "Leafy Greens Co."), ("r_sprout", "Sprout & Grain"),
                       ("r_bowlful", "Bowlful")),
    "Thai": (("r_siam", "Siam Garden"), ("r_lotus", "Lotus Thai Kitchen"),
             ("r_chiangmai", "Chiang Mai Noodle Bar")),
    "American": (("r_diner", "Route 66 Diner"), ("r_smash", "Smash Burger Co."),
                 ("r_grill", "Backyard Grill")),
    "Mediterranean": (("r_aegean", "Aegean Grill"), ("r_cedar", "Cedar Mezze House"),
                      ("r_pita", "Pita Palace")),
}  # fmt: skip

# Near-duplicate names: a generated menu may rename a dish this way.
_TRIMS = {"Chicken Tikka Masala": "Chicken Tikka", "Pad Thai": "Pad Thai Noodles"}
_PREFIXES = ("Classic", "House", "Spicy", "Deluxe")
_HOURS = ("10:00-23:00", "11:00-22:00", "16:00-23:30", "11:00-15:00", "06:30-14:00")


def _price(cents: int, rng: random.Random) -> int:
    """A price near ``cents`` ending in .49 or .99, as menus do."""
    dollars = max(1, round(cents * rng.uniform(0.8, 1.3) / 100))
    return dollars * 100 - rng.choice([1, 51])


def _variant_name(name: str, rng: random.Random) -> str:
    if name in _TRIMS and rng.random() < 0.6:
        return _TRIMS[name]
    if rng.random() < 0.2:
        return f"{rng.choice(_PREFIXES)} {name}"
    return name


def _copy(item: MenuItem, rid: str, rng: random.Random, taken: set[str]) -> MenuItem:
    name = _variant_name(item.name, rng)
    sizes = {s: _price(c, rng) for s, c in item.sizes.items()}
    if len(sizes) == 1 and "regular" in sizes and rng.random() < 0.25:
        sizes["large"] = sizes["regular"] + rng.choice([300, 400, 500])
    slug = item.id.split("-", 1)[1]
    while slug in taken:
        slug += "-2"
    taken.add(slug)
    roll = rng.random()
    return item.model_copy(
        update={
            "id": f"{rid.removeprefix('r_')}-{slug}",
            "restaurant_id": rid,
            "name": name,
            "sizes": sizes,
            "in_stock": item.in_stock and roll >= 0.12,
            "seasonal": 0.06 <= roll < 0.12,
        }
    )


def _restaurant(core: Restaurant, rid: str, name: str, rng: random.Random, k: int) -> Restaurant:
    zones = tuple(sorted(rng.sample(ZONES, rng.choice([3, 4, 4, 5]))))
    free = rng.choice([None, None, 2500, 3000, 4000])
    return Restaurant(
        id=rid,
        name=name,
        cuisine=core.cuisine,
        delivery_fee_cents=_price(core.delivery_fee_cents + 100, rng),
        free_delivery_over_cents=free,
        hours=_HOURS[k % len(_HOURS)],
        zones=() if len(zones) == len(ZONES) else zones,
    )


def generated(
    cores: list[Restaurant], items: list[MenuItem], rng: random.Random
) -> tuple[list[Restaurant], list[MenuItem]]:
    """Three look-alike restaurants per hand-written one, with 18-20 dishes each."""
    restaurants: list[Restaurant] = []
    menu: list[MenuItem] = []
    k = 0
    for core in cores:
        dishes = [i for i in items if i.restaurant_id == core.id]
        for rid, name in NAMES[core.cuisine]:
            restaurants.append(_restaurant(core, rid, name, rng, k))
            k += 1
            picked = rng.sample(dishes, min(len(dishes), rng.randint(15, 17)))
            taken: set[str] = set()
            menu += [_copy(d, rid, rng, taken) for d in sorted(picked, key=lambda d: d.id)]
            for dish in rng.sample(dishes, 3):  # near-duplicates beside the originals
                twin = _copy(dish, rid, rng, taken)
                menu.append(
                    twin.model_copy(update={"name": f"{rng.choice(_PREFIXES)} {dish.name}"})
                )
    return restaurants, menu


def conditional_coupons() -> list[Coupon]:
    """Coupons whose conditions go beyond a minimum: cuisine, first order, once per user."""
    return [
        Coupon(code="FIRSTBITE", kind="fixed", value=600, min_subtotal_cents=1500,
               expires_on="2025-12-31", first_order_only=True),
        Coupon(code="NOODLE4", kind="fixed", value=400, min_subtotal_cents=2000,
               expires_on="2025-06-30", cuisine="Thai", once_per_user=True),
        Coupon(code="CURRYNIGHT", kind="percent", value=15, min_subtotal_cents=2500,
               max_discount_cents=800, expires_on="2025-09-30", cuisine="Indian"),
        Coupon(code="SPRING10", kind="percent", value=10, expires_on="2025-03-01"),
        Coupon(code="LEAFY2", kind="fixed", value=200, min_subtotal_cents=1200,
               restaurant_id="r_leafy", expires_on="2025-12-31", once_per_user=True),
    ]  # fmt: skip
