"""The hand-written part of the world: restaurants, their menus and the coupons.

The menu is a plain-text table so it stays readable (and ruff leaves it alone):

- ``@ id | name | cuisine | delivery fee | free delivery from (or -)`` starts a restaurant;
- ``+ name price [allergens...]; ...`` is its modifier catalogue (price in dollars);
- every other line is an item: ``slug | name | category | size price, ... | modifiers |
  dietary tags | allergens | flags (oos, alcohol) | description``.

Item ids are ``<restaurant prefix>-<slug>``. Users are generated in ``people.py``.
"""

from __future__ import annotations

from decimal import Decimal

from .world import Coupon, MenuItem, Modifier, Restaurant

TODAY = "2025-03-14"
CORE_IDS = ("r_tonys", "r_sakura", "r_bombay", "r_elsol", "r_greenbowl", "r_bangkok",
            "r_liberty", "r_olive")  # fmt: skip

MENU = """
@ r_tonys | Tony's Pizzeria | Italian | 2.99 | 35.00
+ extra cheese 1.50 dairy; no onions 0; add pepperoni 2.00; add mushrooms 1.25; add olives 1.00; extra sauce 0.50; add chicken 2.50; add anchovies 1.75 fish; add bacon 2.00; no croutons 0; add marinara dip 0.75
margherita | Margherita Pizza | pizzas | small 10.99, medium 13.99, large 16.99 | extra cheese, add mushrooms, add olives, add pepperoni, extra sauce, add anchovies | vegetarian | gluten dairy | | San Marzano tomato, fior di latte, basil.
pepperoni | Pepperoni Pizza | pizzas | small 11.99, medium 15.49, large 18.49 | extra cheese, add mushrooms, add olives, extra sauce, add bacon | | gluten dairy | | Tomato, mozzarella and cup-and-char pepperoni.
veggie | Garden Veggie Pizza | pizzas | small 11.49, medium 14.99, large 17.99 | extra cheese, no onions, add olives, add mushrooms, add chicken | vegetarian | gluten dairy | | Peppers, onions, mushrooms, olives, mozzarella.
bbq | BBQ Chicken Pizza | pizzas | small 12.99, medium 16.49, large 19.49 | extra cheese, no onions, add bacon, add mushrooms | | gluten dairy | | Smoky BBQ sauce, chicken, red onion, mozzarella.
marinara | Vegan Marinara Pizza | pizzas | small 9.99, medium 12.99, large 15.49 | add mushrooms, add olives, no onions, extra sauce | vegan vegetarian | gluten | | Tomato, garlic, oregano, no cheese.
gf-margherita | Gluten-Free Margherita Pizza | pizzas | regular 14.49 | extra cheese, add mushrooms, add olives | vegetarian gluten_free | dairy | | 10-inch gluten-free crust.
caesar | Caesar Salad | salads | regular 8.99, large 11.99 | add chicken, no croutons | | dairy egg fish gluten | | Romaine, parmesan, croutons, anchovy dressing.
knots | Garlic Knots | sides | small 5.99, large 9.99 | add marinara dip, extra cheese | vegetarian | gluten dairy | | Baked dough knots brushed with garlic butter.
meatballs | Spaghetti and Meatballs | pasta | regular 14.99 | extra cheese, extra sauce | | gluten dairy egg | | Beef meatballs, marinara, parmesan.
alfredo | Fettuccine Alfredo | pasta | regular 13.99 | add chicken, add mushrooms, add bacon | vegetarian | gluten dairy egg | | Cream, butter, parmesan.
tiramisu | Tiramisu | desserts | regular 6.99 | | vegetarian | dairy egg gluten | | Espresso-soaked ladyfingers, mascarpone.
cannoli | Cannoli | desserts | regular 5.49 | | vegetarian | dairy gluten | oos | Two shells, sweet ricotta.
soda | Soda | drinks | can 1.99, 2-liter 3.99 | | vegan vegetarian gluten_free | | | Cola, diet cola or lemon-lime.
red-wine | House Red Wine | drinks | regular 24.00 | | vegan vegetarian gluten_free | | alcohol | A bottle of Montepulciano d'Abruzzo.
peroni | Peroni Lager 6-Pack | drinks | regular 12.99 | | vegan vegetarian | gluten | alcohol | Six 330 ml bottles.

@ r_sakura | Sakura Sushi | Japanese | 3.49 | -
+ spicy mayo 0.75 egg soy; brown rice 1.00; add avocado 1.50; extra wasabi 0; eel sauce 0.50 soy gluten; extra ginger 0; extra teriyaki sauce 0.50 soy gluten; spicy garlic 1.00
california | California Roll | rolls | regular 7.99, large 11.49 | spicy mayo, brown rice, add avocado, extra wasabi | | shellfish egg sesame | | Crab, avocado, cucumber.
spicy-tuna | Spicy Tuna Roll | rolls | regular 8.99, large 12.99 | brown rice, add avocado, extra wasabi | | fish egg soy sesame | | Tuna, chili mayo, scallion.
salmon-avocado | Salmon Avocado Roll | rolls | regular 8.99, large 12.99 | brown rice, extra wasabi, spicy mayo | gluten_free | fish sesame | | Fresh salmon and avocado.
shrimp-tempura | Shrimp Tempura Roll | rolls | regular 10.99, large 15.49 | spicy mayo, eel sauce, extra wasabi | | shellfish gluten egg sesame soy | | Crispy shrimp, cucumber, eel sauce.
avocado-cucumber | Avocado Cucumber Roll | rolls | regular 6.99, large 9.99 | brown rice, extra wasabi, add avocado | vegan vegetarian gluten_free | sesame | | Avocado and cucumber.
dragon | Dragon Roll | rolls | regular 14.99 | spicy mayo, extra wasabi | | fish shellfish soy gluten sesame | oos | Eel and shrimp tempura, avocado on top.
salmon-nigiri | Salmon Nigiri | nigiri | regular 6.49 | extra wasabi, extra ginger | gluten_free | fish | | Two pieces.
teriyaki-bento | Chicken Teriyaki Bento | bentos | regular 13.99, large 16.99 | brown rice, extra teriyaki sauce | | soy gluten sesame | | Chicken teriyaki, rice, salad, pickles.
veg-tempura | Vegetable Tempura | appetizers | regular 8.99 | | vegetarian | gluten egg soy | | Seasonal vegetables, tentsuyu dip.
miso | Miso Soup | soups | small 2.99, large 4.49 | | | soy fish | | Dashi, tofu, wakame.
edamame | Edamame | appetizers | regular 4.99 | spicy garlic | vegan vegetarian gluten_free | soy | | Steamed, sea salt.
seaweed-salad | Seaweed Salad | salads | regular 5.99 | | vegan vegetarian | sesame soy | | Wakame, sesame dressing.
mochi | Mochi Ice Cream | desserts | regular 5.99 | | vegetarian gluten_free | dairy | oos | Three pieces: matcha, mango, strawberry.
green-tea | Iced Green Tea | drinks | regular 2.49, large 3.49 | | vegan vegetarian gluten_free | | | Unsweetened.
sake | Junmai Sake | drinks | regular 14.00 | | vegan vegetarian gluten_free | | alcohol | 300 ml bottle.

@ r_bombay | Bombay Spice | Indian | 2.49 | -
+ extra spicy 0; mild 0; add paneer 2.50 dairy; add chicken 3.00; extra rice 2.00; no cilantro 0; add raita 1.50 dairy
tikka-masala | Chicken Tikka Masala | curries | regular 15.99, large 19.99 | extra spicy, mild, extra rice, no cilantro, add raita | gluten_free | dairy | | Charred chicken in a creamy tomato sauce.
butter-chicken | Butter Chicken | curries | regular 16.49, large 20.49 | extra spicy, mild, extra rice, add raita | gluten_free | dairy tree_nut | | Buttery tomato-cashew gravy.
chana-masala | Chana Masala | curries | regular 11.99, large 14.99 | extra spicy, mild, extra rice, no cilantro, add paneer, add chicken | vegan vegetarian gluten_free | | | Chickpeas, tomato, garam masala.
palak-paneer | Palak Paneer | curries | regular 13.99, large 17.49 | extra spicy, mild, extra rice, no cilantro | vegetarian gluten_free | dairy | | Spinach and fresh cheese.
rogan-josh | Lamb Rogan Josh | curries | regular 17.99, large 21.99 | extra spicy, mild, extra rice, add raita | gluten_free | dairy | | Slow-cooked lamb, Kashmiri chili.
veg-korma | Vegetable Korma | curries | regular 12.99, large 15.99 | mild, extra rice, add paneer, add chicken | vegetarian gluten_free | dairy tree_nut | | Vegetables in a mild cashew cream sauce.
dal-tadka | Dal Tadka | curries | regular 10.99, large 13.99 | extra spicy, mild, extra rice, no cilantro | vegan vegetarian gluten_free | | | Yellow lentils tempered with cumin and garlic.
shrimp-curry | Goan Shrimp Curry | curries | regular 18.99 | extra spicy, mild, extra rice | gluten_free | shellfish | oos | Coconut, tamarind, shrimp.
samosas | Vegetable Samosas | appetizers | regular 5.99 | add raita | vegan vegetarian | gluten | | Two pastries, potato and pea filling.
garlic-naan | Garlic Naan | breads | regular 3.99 | | vegetarian | gluten dairy | | Tandoor-baked, garlic butter.
naan | Plain Naan | breads | regular 2.99 | | vegetarian | gluten dairy | | Tandoor-baked flatbread.
rice | Basmati Rice | sides | regular 3.49 | | vegan vegetarian gluten_free | | | Steamed saffron basmati.
mango-lassi | Mango Lassi | drinks | small 4.49, large 5.99 | | vegetarian gluten_free | dairy | | Yogurt, mango, cardamom.
gulab-jamun | Gulab Jamun | desserts | regular 5.49 | | vegetarian | dairy gluten | | Two milk dumplings in rose syrup.
kingfisher | Kingfisher Beer | drinks | regular 6.99 | | vegan vegetarian | gluten | alcohol | 650 ml bottle.

@ r_elsol | El Sol Taqueria | Mexican | 1.99 | -
+ extra guacamole 1.50; add cheese 1.00 dairy; no cilantro 0; no onions 0; add sour cream 0.75 dairy; extra salsa 0; add jalapenos 0.50
asada-tacos | Carne Asada Tacos | tacos | regular 11.99 | extra guacamole, add cheese, no cilantro, no onions, extra salsa, add jalapenos | gluten_free | | | Three corn tortillas, grilled steak.
tinga-tacos | Chicken Tinga Tacos | tacos | regular 10.99 | extra guacamole, add cheese, no cilantro, no onions, add sour cream | gluten_free | | | Three corn tortillas, chipotle chicken.
fish-tacos | Baja Fish Tacos | tacos | regular 12.49 | extra guacamole, no cilantro, extra salsa, add jalapenos | | fish gluten dairy egg | | Beer-battered cod, crema, slaw.
shrimp-tacos | Shrimp Tacos | tacos | regular 13.49 | extra guacamole, no cilantro, add jalapenos | gluten_free | shellfish | | Garlic shrimp, pineapple salsa.
veggie-burrito | Veggie Burrito | burritos | regular 10.49, large 13.49 | extra guacamole, add sour cream, no onions, add jalapenos | vegetarian | gluten dairy | | Beans, rice, peppers, cheese.
chicken-burrito | Chicken Burrito | burritos | regular 11.49, large 14.49 | extra guacamole, add sour cream, no onions, no cilantro, add jalapenos | | gluten dairy | | Grilled chicken, rice, beans, cheese.
burrito-bowl | Vegan Burrito Bowl | bowls | regular 10.99, large 13.99 | extra guacamole, add jalapenos, no cilantro, no onions, extra salsa | vegan vegetarian gluten_free | | | Rice, black beans, fajita vegetables, salsa.
quesadilla | Cheese Quesadilla | mains | regular 9.99, large 12.99 | add jalapenos, add sour cream, extra guacamole | vegetarian | gluten dairy | | Flour tortilla, Oaxaca cheese.
chips-guac | Chips and Guacamole | sides | regular 6.99, large 9.99 | add jalapenos | vegan vegetarian gluten_free | | | House chips, fresh guacamole.
elote | Elote | sides | regular 5.49 | no cilantro | vegetarian gluten_free | dairy egg | | Street corn, mayo, cotija, chili.
churros | Churros | desserts | regular 5.99 | | vegetarian | gluten dairy egg | | Cinnamon sugar, chocolate dip.
horchata | Horchata | drinks | regular 3.49, large 4.49 | | vegetarian gluten_free | dairy | | Rice, cinnamon, milk.
jarritos | Jarritos | drinks | regular 2.99 | | vegan vegetarian gluten_free | | | Mandarin or tamarind soda.
nachos | Carnitas Nachos | mains | regular 11.99 | add jalapenos, add sour cream | gluten_free | dairy | oos | Pork carnitas, queso, pico de gallo.
modelo | Modelo Especial | drinks | regular 5.99 | | vegan vegetarian | gluten | alcohol | 24 oz can.

@ r_greenbowl | Green Bowl | Salads & Bowls | 0.99 | -
+ add avocado 2.00; add tofu 2.50 soy; add grilled chicken 3.50; add feta 1.50 dairy; dressing on the side 0; no croutons 0; extra dressing 0.75; add quinoa 2.00
kale-caesar | Kale Caesar | salads | regular 11.49, large 14.49 | add avocado, add grilled chicken, dressing on the side, no croutons | vegetarian | dairy egg gluten | | Kale, parmesan, sourdough croutons.
harvest | Harvest Bowl | bowls | regular 12.99, large 15.99 | add avocado, add grilled chicken, dressing on the side, extra dressing | vegetarian gluten_free | dairy tree_nut | | Roast squash, goat cheese, pecans, wild rice.
tofu-bowl | Tofu Power Bowl | bowls | regular 12.49, large 15.49 | add avocado, add quinoa, extra dressing, dressing on the side | vegan vegetarian gluten_free | soy sesame | | Sesame tofu, brown rice, greens.
quinoa-salad | Mediterranean Quinoa Salad | salads | regular 11.99, large 14.99 | add avocado, add grilled chicken, add tofu, dressing on the side | vegetarian gluten_free | dairy | | Quinoa, cucumber, olives, feta.
peanut-salad | Thai Peanut Crunch Salad | salads | regular 11.99, large 14.99 | add tofu, add grilled chicken, dressing on the side, extra dressing | vegan vegetarian | peanut soy | | Cabbage, carrots, peanuts, lime-peanut dressing.
cobb | Chicken Cobb Salad | salads | regular 13.99, large 16.99 | add avocado, dressing on the side, extra dressing | gluten_free | dairy egg | | Chicken, bacon, egg, blue cheese.
poke | Salmon Poke Bowl | bowls | regular 15.99 | add avocado, add quinoa, extra dressing | gluten_free | fish soy sesame | | Salmon, rice, edamame, ponzu.
lentil-soup | Lentil Soup | soups | small 5.49, large 7.99 | | vegan vegetarian gluten_free | | | Red lentils, cumin, lemon.
avocado-toast | Avocado Toast | toasts | regular 9.49 | add tofu, add feta | vegan vegetarian | gluten | | Sourdough, smashed avocado, chili flakes.
green-smoothie | Green Smoothie | drinks | small 6.99, large 8.99 | | vegan vegetarian gluten_free | | | Spinach, banana, mango, coconut water.
protein-smoothie | Peanut Protein Smoothie | drinks | small 7.49, large 9.49 | | vegetarian gluten_free | dairy peanut | | Peanut butter, banana, whey.
brownie | Vegan Brownie | desserts | regular 4.49 | | vegan vegetarian | gluten soy | | Dark chocolate, sea salt.
cold-brew | Cold Brew Coffee | drinks | regular 3.99, large 4.99 | | vegan vegetarian gluten_free | | | Slow-steeped 18 hours.
acai | Acai Bowl | bowls | regular 10.99 | add quinoa | vegan vegetarian gluten_free | tree_nut | oos | Acai, granola-free, almonds, berries.

@ r_bangkok | Bangkok Street | Thai | 2.99 | -
+ extra spicy 0; mild 0; add shrimp 3.00 shellfish; add chicken 2.50; add tofu 2.00 soy; no peanuts 0; brown rice 1.00; extra vegetables 1.50
pad-thai | Pad Thai | noodles | regular 13.99, large 16.99 | extra spicy, mild, add shrimp, add chicken, add tofu, no peanuts, extra vegetables | gluten_free | peanut egg fish soy | | Rice noodles, tamarind, egg, crushed peanuts.
pad-see-ew | Pad See Ew | noodles | regular 13.49, large 16.49 | add shrimp, add chicken, add tofu, extra vegetables | | gluten soy egg | | Wide rice noodles, soy, broccoli.
drunken-noodles | Drunken Noodles | noodles | regular 13.99, large 16.99 | extra spicy, mild, add shrimp, add chicken, add tofu, extra vegetables | | gluten soy fish | | Wide noodles, holy basil, chili.
green-curry | Green Curry | curries | regular 14.49, large 17.49 | extra spicy, mild, add chicken, add tofu, add shrimp, brown rice, extra vegetables | gluten_free | fish | | Coconut green curry, Thai eggplant, basil.
red-curry-tofu | Red Curry with Tofu | curries | regular 13.49, large 16.49 | extra spicy, mild, brown rice, extra vegetables | vegan vegetarian gluten_free | soy | | Coconut red curry, bamboo, tofu.
massaman | Massaman Curry | curries | regular 14.99, large 17.99 | mild, add chicken, add tofu, no peanuts, brown rice | gluten_free | peanut fish | | Potato, onion, roasted peanuts.
tom-yum | Tom Yum Soup | soups | small 6.99, large 10.99 | extra spicy, mild | gluten_free | shellfish fish | | Hot and sour, shrimp, lemongrass.
tom-kha | Tom Kha Soup | soups | small 6.99, large 10.99 | mild, add chicken, add tofu | gluten_free | fish | | Coconut, galangal, mushrooms.
spring-rolls | Fresh Spring Rolls | appetizers | regular 7.49 | add shrimp | vegan vegetarian gluten_free | peanut soy | | Rice paper, herbs, peanut sauce.
satay | Chicken Satay | appetizers | regular 8.99 | | gluten_free | peanut soy | | Four skewers, peanut sauce.
fried-rice | Pineapple Fried Rice | mains | regular 13.99 | add shrimp, add chicken, add tofu, extra vegetables | gluten_free | egg soy shellfish | | Pineapple, cashew-free, dried shrimp.
sticky-rice | Mango Sticky Rice | desserts | regular 7.49 | | vegan vegetarian gluten_free | | oos | Coconut sticky rice, ripe mango.
thai-tea | Thai Iced Tea | drinks | regular 3.99, large 4.99 | | vegetarian gluten_free | dairy | | Sweetened condensed milk.
singha | Singha Beer | drinks | regular 6.49 | | vegan vegetarian | gluten | alcohol | 330 ml bottle.

@ r_liberty | Liberty Burger | American | 3.99 | 30.00
+ add cheese 1.00 dairy; add bacon 2.00; extra patty 3.50; no onions 0; no pickles 0; add avocado 1.50; add fried egg 1.50 egg; gluten-free bun 2.00
classic | Classic Burger | burgers | regular 11.99 | add cheese, add bacon, extra patty, no onions, no pickles, add avocado, add fried egg, gluten-free bun | | gluten sesame | | Quarter-pound patty, lettuce, tomato, pickles.
cheeseburger | Cheeseburger | burgers | regular 12.99 | add bacon, extra patty, no onions, no pickles, add avocado, add fried egg, gluten-free bun | | gluten sesame dairy | | Quarter-pound patty, American cheese.
double-bacon | Double Bacon Burger | burgers | regular 15.99 | add cheese, no onions, no pickles, add fried egg | | gluten sesame dairy | | Two patties, bacon, cheddar.
beyond | Beyond Burger | burgers | regular 13.99 | no onions, no pickles, add avocado, gluten-free bun | vegan vegetarian | gluten sesame soy | | Plant-based patty, vegan mayo.
chicken-sandwich | Crispy Chicken Sandwich | sandwiches | regular 12.49 | add cheese, add bacon, no pickles, add avocado | | gluten egg dairy | | Buttermilk fried chicken, slaw.
chicken-salad | Grilled Chicken Salad | salads | regular 11.99 | add avocado, add bacon, add fried egg | gluten_free | dairy egg | | Greens, grilled chicken, ranch.
fries | Fries | sides | small 3.99, large 5.49 | | vegan vegetarian gluten_free | | | Hand-cut, sea salt.
sweet-fries | Sweet Potato Fries | sides | small 4.49, large 5.99 | | vegan vegetarian gluten_free | | | With chipotle salt.
onion-rings | Onion Rings | sides | small 4.99, large 6.49 | | vegetarian | gluten egg dairy | | Beer-battered.
tenders | Chicken Tenders | mains | regular 9.99, large 16.99 | | | gluten egg | | Four (regular) or eight (large) tenders, honey mustard.
choc-shake | Chocolate Milkshake | shakes | regular 5.99, large 7.49 | | vegetarian gluten_free | dairy | | Chocolate ice cream, whipped cream.
pb-shake | Peanut Butter Shake | shakes | regular 6.49, large 7.99 | | vegetarian gluten_free | dairy peanut | | Peanut butter and vanilla ice cream.
vanilla-shake | Vanilla Milkshake | shakes | regular 5.99, large 7.49 | | vegetarian gluten_free | dairy | oos | Madagascar vanilla.
lemonade | Lemonade | drinks | regular 2.99, large 3.99 | | vegan vegetarian gluten_free | | | Fresh-squeezed.
ipa | Liberty IPA | drinks | regular 7.49 | | vegan vegetarian | gluten | alcohol | 16 oz can, local craft IPA.

@ r_olive | Olive & Thyme | Mediterranean | 2.49 | -
+ extra hummus 1.00 sesame; add feta 1.50 dairy; no onions 0; extra tahini 0.50 sesame; add falafel 2.50 sesame; add chicken shawarma 3.50; no tomatoes 0; spicy harissa 0
shawarma-plate | Chicken Shawarma Plate | plates | regular 15.49 | extra hummus, add feta, no onions, spicy harissa, no tomatoes | gluten_free | dairy | | Rice, salad, garlic yogurt sauce.
falafel-wrap | Falafel Wrap | wraps | regular 10.99 | extra tahini, no onions, no tomatoes, spicy harissa | vegan vegetarian | gluten sesame | | Falafel, pickles, tahini, pita.
kofta-plate | Lamb Kofta Plate | plates | regular 16.99 | extra hummus, add feta, no onions, spicy harissa | gluten_free | dairy | | Grilled lamb kofta, rice, tzatziki.
hummus | Hummus and Pita | mezze | regular 7.49 | extra tahini, spicy harissa | vegan vegetarian | sesame gluten | | Chickpea hummus, warm pita.
greek-salad | Greek Salad | salads | regular 9.99, large 12.99 | no onions, no tomatoes, add chicken shawarma, add falafel | vegetarian gluten_free | dairy | | Tomato, cucumber, olives, feta.
falafel-bowl | Falafel Bowl | bowls | regular 12.49 | extra hummus, extra tahini, no onions, spicy harissa | vegan vegetarian gluten_free | sesame | | Falafel, hummus, tabbouleh, rice.
spanakopita | Spanakopita | mezze | regular 8.49 | | vegetarian | gluten dairy egg | | Spinach and feta pie.
souvlaki-wrap | Chicken Souvlaki Wrap | wraps | regular 11.49 | add feta, no onions, no tomatoes, spicy harissa | | gluten dairy | | Chicken, tzatziki, pita.
dolmas | Stuffed Grape Leaves | mezze | regular 6.99 | | vegan vegetarian gluten_free | | | Rice, herbs, lemon.
lentil-soup | Red Lentil Soup | soups | small 4.99, large 6.99 | | vegan vegetarian gluten_free | | | With lemon and cumin.
baklava | Baklava | desserts | regular 5.99 | | vegetarian | gluten tree_nut dairy | | Walnut and honey pastry.
mint-lemonade | Mint Lemonade | drinks | regular 3.49, large 4.49 | | vegan vegetarian gluten_free | | | Fresh mint, lemon.
saganaki | Shrimp Saganaki | plates | regular 15.99 | | gluten_free | shellfish dairy | oos | Shrimp, tomato, feta.
wine | Assyrtiko White Wine | drinks | regular 28.00 | | vegan vegetarian gluten_free | | alcohol | A bottle from Santorini.
"""

# code | kind | value (percent or dollars) | min subtotal | restaurant | max discount | expires
COUPONS = """
WELCOME5 | fixed | 5.00 | 20.00 | - | - | 2025-12-31
SAVE10 | percent | 10 | 25.00 | - | 10.00 | 2025-06-30
PIZZA20 | percent | 20 | 30.00 | r_tonys | 15.00 | 2025-04-30
SUSHI15 | percent | 15 | 20.00 | r_sakura | - | 2025-05-31
TACO3 | fixed | 3.00 | 15.00 | r_elsol | - | 2025-03-31
CURRY5 | fixed | 5.00 | 30.00 | r_bombay | - | 2025-08-31
FRESH3 | fixed | 3.00 | 12.00 | r_greenbowl | - | 2025-12-31
BURGER25 | percent | 25 | 40.00 | r_liberty | 12.00 | 2025-07-31
THAI8 | fixed | 8.00 | 45.00 | r_bangkok | - | 2025-09-30
MEZZE12 | percent | 12 | 25.00 | r_olive | - | 2025-10-31
WINTER15 | percent | 15 | 0.00 | - | - | 2025-02-28
HOLIDAY10 | fixed | 10.00 | 30.00 | - | - | 2024-12-31
"""


def cents(text: str) -> int:
    """A price written in dollars ("12.50") in cents."""
    return int(Decimal(text) * 100)


def _modifiers(line: str) -> dict[str, Modifier]:
    catalogue: dict[str, Modifier] = {}
    for entry in line.split(";"):
        words = entry.split()
        at = next(i for i, w in enumerate(words) if w[0].isdigit())
        name = " ".join(words[:at])
        catalogue[name] = Modifier(
            name=name, price_cents=cents(words[at]), allergens=tuple(words[at + 1 :])
        )
    return catalogue


def _sizes(text: str) -> dict[str, int]:
    pairs = (part.strip().rsplit(" ", 1) for part in text.split(","))
    return {size: cents(price) for size, price in pairs}


def _item(prefix: str, restaurant_id: str, mods: dict[str, Modifier], row: str) -> MenuItem:
    slug, name, category, sizes, offered, diet, allergens, flags, description = (
        cell.strip() for cell in row.split("|")
    )
    return MenuItem(
        id=f"{prefix}-{slug}",
        restaurant_id=restaurant_id,
        name=name,
        category=category,
        description=description,
        sizes=_sizes(sizes),
        modifiers=tuple(mods[m.strip()] for m in offered.split(",") if m.strip()),
        dietary=tuple(diet.split()),
        allergens=tuple(allergens.split()),
        in_stock="oos" not in flags.split(),
        alcohol="alcohol" in flags.split(),
    )


def restaurants_and_items() -> tuple[list[Restaurant], list[MenuItem]]:
    """Parse :data:`MENU`."""
    restaurants: list[Restaurant] = []
    items: list[MenuItem] = []
    mods: dict[str, Modifier] = {}
    for raw in MENU.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("@"):
            rid, name, cuisine, fee, free = (c.strip() for c in line[1:].split("|"))
            restaurants.append(
                Restaurant(
                    id=rid,
                    name=name,
                    cuisine=cuisine,
                    delivery_fee_cents=cents(fee),
                    free_delivery_over_cents=None if free == "-" else cents(free),
                )
            )
        elif line.startswith("+"):
            mods = _modifiers(line[1:])
        else:
            prefix = restaurants[-1].id.removeprefix("r_")[:3]
            items.append(_item(prefix, restaurants[-1].id, mods, line))
    return restaurants, items


def coupons() -> list[Coupon]:
    """Parse :data:`COUPONS`."""
    found: list[Coupon] = []
    for raw in COUPONS.strip().splitlines():
        code, kind, value, minimum, rid, cap, expires = (c.strip() for c in raw.split("|"))
        found.append(
            Coupon(
                code=code,
                kind="percent" if kind == "percent" else "fixed",
                value=int(value) if kind == "percent" else cents(value),
                min_subtotal_cents=cents(minimum),
                restaurant_id=None if rid == "-" else rid,
                max_discount_cents=None if cap == "-" else cents(cap),
                expires_on=expires,
            )
        )
    return found
