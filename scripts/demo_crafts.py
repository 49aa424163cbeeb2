"""Hand-written product bases for the demo catalogue, one block per craft (ODOP category).

Each base is a real product of the craft, written once in English and once in Hindi. A base's
``variants`` (colour, size, material, weight) fill the ``{v}`` slot of its title and
description, and scale its price and weight. ``scripts/build_demo_catalogue.py`` expands these
into listings; only the JSON it writes is read at run time.

Prices are in rupees here (converted to paise by the builder); weights in grams; sizes in cm.
"""

# Reusable variant lists -------------------------------------------------------------------
SAREE_COLOURS = [
    ("Red", "लाल", 1.0), ("Maroon", "मैरून", 1.0), ("Rani Pink", "रानी गुलाबी", 1.05),
    ("Bottle Green", "बोतल हरा", 1.0), ("Royal Blue", "रॉयल नीला", 1.05), ("Mustard", "सरसों पीला", 0.95),
    ("Black", "काला", 1.1), ("Peach", "आड़ू रंग", 0.95), ("Purple", "बैंगनी", 1.0),
]
KURTI_COLOURS = [
    ("White", "सफ़ेद", 1.0), ("Powder Blue", "हल्का नीला", 1.0), ("Mint Green", "पुदीना हरा", 1.0),
    ("Pastel Pink", "हल्का गुलाबी", 1.0), ("Lemon Yellow", "नींबू पीला", 0.95), ("Lilac", "हल्का बैंगनी", 1.0),
    ("Beige", "बादामी", 1.0), ("Navy", "गहरा नीला", 1.05),
]
EARTH_COLOURS = [
    ("Indigo", "नील", 1.0), ("Rust", "कत्थई", 1.0), ("Olive", "जैतूनी", 1.0), ("Grey", "स्लेटी", 0.95),
    ("Ivory", "हाथीदांत रंग", 1.05), ("Terracotta Red", "गेरुआ लाल", 1.0),
]

CRAFTS = {}

# Varanasi — Banarasi silk sarees --------------------------------------------------------------
CRAFTS["Banarasi silk sarees"] = {
    "palette": ["#7b1e3a", "#c9a227", "#f3e3b5"], "motif": "buti",
    "hsn": "5007", "gst": 5,
    "bases": [
        {"title_en": "{v} Banarasi Katan Silk Saree with Kadhua Buti",
         "title_hi": "{v} बनारसी कतान सिल्क साड़ी, कढ़ुआ बूटी",
         "desc_en": "Pure katan silk woven on a pit loom in Varanasi, each buti worked in by hand with the kadhua technique so the back stays clean. {v} body with a heavy zari pallu; 6.3 m including blouse piece.",
         "desc_hi": "वाराणसी के गड्ढा करघे पर बुनी शुद्ध कतान रेशम की साड़ी; हर बूटी कढ़ुआ तकनीक से हाथ से डाली गई है, इसलिए उल्टी तरफ़ धागे नहीं लटकते। {v} ज़मीन, भारी ज़री का पल्लू; ब्लाउज़ पीस सहित 6.3 मीटर।",
         "price": 18500, "mrp": 22000, "weight": 850, "size": (35, 28, 6), "stock": 6, "moq": 1,
         "tiers": [(3, 17500), (10, 16200)], "variants": SAREE_COLOURS},
        {"title_en": "{v} Banarasi Organza Saree, Silver Zari Jaal",
         "title_hi": "{v} बनारसी ऑर्गेंज़ा साड़ी, चांदी रंग ज़री जाल",
         "desc_en": "Light kora organza with an all-over jaal in silver-tone zari, easy to drape for day weddings. {v} shade, woven in Madanpura; blouse piece attached.",
         "desc_hi": "हल्की कोरा ऑर्गेंज़ा पर पूरी साड़ी में चांदी रंग की ज़री का जाल, दिन की शादियों में पहनने में आसान। {v} रंग, मदनपुरा में बुनी; ब्लाउज़ पीस साथ में।",
         "price": 7800, "mrp": 9500, "weight": 520, "size": (35, 28, 5), "stock": 10, "moq": 1,
         "tiers": [(5, 7200)], "variants": SAREE_COLOURS[:6]},
        {"title_en": "{v} Banarasi Georgette Saree with Meenakari Border",
         "title_hi": "{v} बनारसी जॉर्जेट साड़ी, मीनाकारी बॉर्डर",
         "desc_en": "Soft khaddi georgette that falls well, with a woven border where coloured resham is 'enamelled' into the zari like meenakari. {v} with a contrast pallu.",
         "desc_hi": "मुलायम खड्डी जॉर्जेट जो अच्छी तरह लहराती है; बॉर्डर में ज़री के बीच रंगीन रेशम मीनाकारी की तरह भरा गया है। {v} रंग, विपरीत रंग का पल्लू।",
         "price": 9200, "mrp": 11500, "weight": 600, "size": (35, 28, 5), "stock": 8, "moq": 1,
         "tiers": [(5, 8600)], "variants": SAREE_COLOURS[2:8]},
        {"title_en": "Banarasi Silk Dupatta, {v}, Tanchoi Weave",
         "title_hi": "बनारसी सिल्क दुपट्टा, {v}, तनछुई बुनाई",
         "desc_en": "A 2.4 m tanchoi dupatta in which extra weft silks make a tiny, dense pattern without zari, soft enough for everyday wear. Colour: {v}.",
         "desc_hi": "2.4 मीटर का तनछुई दुपट्टा, जिसमें बिना ज़री के अतिरिक्त बाने के रेशम से बारीक घना पैटर्न बनता है; रोज़ पहनने लायक मुलायम। रंग: {v}।",
         "price": 3400, "mrp": 4200, "weight": 220, "size": (30, 22, 3), "stock": 20, "moq": 1,
         "tiers": [(10, 3000), (25, 2750)], "variants": SAREE_COLOURS[:5]},
    ],
}

# Lalitpur — Zari-silk sarees -------------------------------------------------------------------
CRAFTS["Zari-silk sarees"] = {
    "palette": ["#3f2a6b", "#d4a017", "#f6eedc"], "motif": "border",
    "hsn": "5007", "gst": 5,
    "bases": [
        {"title_en": "{v} Lalitpur Silk-Cotton Saree with Zari Border",
         "title_hi": "{v} ललितपुर सिल्क-कॉटन साड़ी, ज़री बॉर्डर",
         "desc_en": "Woven by Bundelkhand handloom weavers in a silk-cotton blend that breathes in summer, finished with a narrow zari border. {v}, 6.2 m.",
         "desc_hi": "बुंदेलखंड के हथकरघा बुनकरों द्वारा रेशम-सूती मिश्रण में बुनी साड़ी, जो गर्मी में भी हवादार रहती है; पतला ज़री बॉर्डर। {v}, 6.2 मीटर।",
         "price": 3600, "mrp": 4500, "weight": 480, "size": (34, 26, 5), "stock": 14, "moq": 1,
         "tiers": [(5, 3300), (12, 3100)], "variants": SAREE_COLOURS},
        {"title_en": "{v} Tussar Silk Saree, Temple Border",
         "title_hi": "{v} टसर सिल्क साड़ी, मंदिर बॉर्डर",
         "desc_en": "Natural tussar with its own gold sheen and a woven temple-spire border in zari. {v} pallu; each piece slightly different in texture.",
         "desc_hi": "प्राकृतिक सुनहरी चमक वाला टसर रेशम, ज़री में बुना मंदिर-शिखर बॉर्डर। {v} पल्लू; हर साड़ी की बनावट थोड़ी अलग।",
         "price": 6900, "mrp": 8200, "weight": 560, "size": (34, 26, 5), "stock": 7, "moq": 1,
         "tiers": [(5, 6400)], "variants": SAREE_COLOURS[:4]},
    ],
}

# Lucknow — Chikankari and zari-zardozi ---------------------------------------------------------
CRAFTS["Chikankari and zari-zardozi"] = {
    "palette": ["#f7f4ec", "#6c8ebf", "#d7c9a7"], "motif": "floral",
    "hsn": "6204", "gst": 5,
    "bases": [
        {"title_en": "{v} Lucknowi Chikan Kurti, Cotton, Hand Embroidered",
         "title_hi": "{v} लखनवी चिकन कुर्ती, सूती, हाथ की कढ़ाई",
         "desc_en": "Straight kurti in soft mulmul cotton with hand chikankari: bakhiya shadow work on the yoke, phanda and murri flowers down the front. {v}; sizes M to XXL on request.",
         "desc_hi": "मुलायम मलमल सूती की सीधी कुर्ती पर हाथ की चिकनकारी: गले पर बखिया (छाया) काम, आगे फंदा और मुर्री के फूल। {v}; M से XXL तक साइज़ उपलब्ध।",
         "price": 1450, "mrp": 1800, "weight": 220, "size": (32, 26, 3), "stock": 40, "moq": 1,
         "tiers": [(10, 1300), (50, 1150)], "variants": KURTI_COLOURS},
        {"title_en": "{v} Chikankari Anarkali Kurta, Georgette",
         "title_hi": "{v} चिकनकारी अनारकली कुर्ता, जॉर्जेट",
         "desc_en": "Flared georgette anarkali with jaali work cut by hand and keel-kangan stitches on the panels; comes with a cotton slip. {v}.",
         "desc_hi": "घेरदार जॉर्जेट अनारकली, हाथ से बनी जाली और कलियों पर कील-कंगन टांके; साथ में सूती अस्तर। {v}।",
         "price": 3900, "mrp": 4800, "weight": 420, "size": (34, 28, 4), "stock": 15, "moq": 1,
         "tiers": [(10, 3500)], "variants": KURTI_COLOURS[:6]},
        {"title_en": "Men's Chikan Kurta, {v}, Pure Cotton",
         "title_hi": "पुरुषों का चिकन कुर्ता, {v}, शुद्ध सूती",
         "desc_en": "Classic men's kurta with a chikankari placket and tepchi lines on the sleeves, cut long for festivals and weddings. Colour {v}.",
         "desc_hi": "पुरुषों का पारंपरिक कुर्ता, पट्टी पर चिकनकारी और आस्तीनों पर टेपची की लाइनें; त्योहारों और शादियों के लिए लंबा कट। रंग {v}।",
         "price": 1750, "mrp": 2200, "weight": 300, "size": (34, 26, 3), "stock": 30, "moq": 1,
         "tiers": [(10, 1600), (40, 1450)], "variants": KURTI_COLOURS[:5]},
        {"title_en": "Zardozi Potli Bag, {v} Velvet",
         "title_hi": "ज़रदोज़ी पोटली बैग, {v} मखमल",
         "desc_en": "Drawstring potli in velvet with Lucknowi zardozi: dabka, salma and sequins couched by hand around a kundan centre. {v}; lined, with a wrist cord.",
         "desc_hi": "मखमल की डोरी वाली पोटली पर लखनवी ज़रदोज़ी: दबका, सलमा और सितारे हाथ से टांके गए, बीच में कुंदन। {v}; अंदर अस्तर, कलाई की डोरी।",
         "price": 950, "mrp": 1200, "weight": 160, "size": (22, 18, 5), "stock": 35, "moq": 2,
         "tiers": [(12, 820), (50, 720)], "variants": [("Maroon", "मैरून", 1.0), ("Emerald", "पन्ना हरा", 1.0), ("Navy", "गहरा नीला", 1.0), ("Black", "काला", 1.0)]},
        {"title_en": "Chikankari Dupatta, {v}, Cotton Mulmul",
         "title_hi": "चिकनकारी दुपट्टा, {v}, सूती मलमल",
         "desc_en": "2.25 m mulmul dupatta with scattered phool-patti bootis and a hand-finished border, very light to wear. {v}.",
         "desc_hi": "2.25 मीटर का मलमल दुपट्टा, पूरे में बिखरी फूल-पत्ती बूटियां और हाथ से तैयार किनारा; पहनने में बहुत हल्का। {v}।",
         "price": 890, "mrp": 1100, "weight": 130, "size": (30, 22, 2), "stock": 50, "moq": 1,
         "tiers": [(20, 790)], "variants": KURTI_COLOURS[:6]},
    ],
}

# Moradabad — Metal craft -----------------------------------------------------------------------
BRASS_FINISH = [("Antique Brass", "एंटीक पीतल", 1.0), ("Polished Brass", "चमकदार पीतल", 1.0),
                ("Copper Finish", "तांबा फ़िनिश", 1.05), ("Nickel Silver", "निकल सिल्वर", 1.1)]
CRAFTS["Metal craft"] = {
    "palette": ["#b8860b", "#5a3e1b", "#f1dfb0"], "motif": "engraving",
    "hsn": "7418", "gst": 12,
    "bases": [
        {"title_en": "Moradabad Brass Flower Vase, Hand Engraved, {v}",
         "title_hi": "मुरादाबादी पीतल फूलदान, हाथ की नक्काशी, {v}",
         "desc_en": "Sand-cast brass vase, turned and then engraved by hand with a creeper pattern (nakkashi) in Moradabad's Peetal Nagri. {v}; lacquered so it does not tarnish quickly. 30 cm tall.",
         "desc_hi": "मुरादाबाद की पीतल नगरी में रेत-ढलाई से बना फूलदान, खराद के बाद हाथ से बेल की नक्काशी। {v}; लैकर की परत, जिससे जल्दी काला नहीं पड़ता। ऊंचाई 30 सेमी।",
         "price": 1850, "mrp": 2400, "weight": 1100, "size": (14, 14, 30), "stock": 25, "moq": 1,
         "tiers": [(12, 1650), (48, 1450)], "variants": BRASS_FINISH},
        {"title_en": "Brass Puja Thali Set, 7 Pieces, {v}",
         "title_hi": "पीतल पूजा थाली सेट, 7 पीस, {v}",
         "desc_en": "A 30 cm thali with diya, kalash, bell, incense stand, roli-chawal bowl and spoon, all in solid brass. {v}; gift-boxed.",
         "desc_hi": "30 सेमी की थाली के साथ दीया, कलश, घंटी, अगरबत्ती स्टैंड, रोली-चावल कटोरी और चम्मच, सब ठोस पीतल में। {v}; उपहार डिब्बे में।",
         "price": 2450, "mrp": 2990, "weight": 1600, "size": (32, 32, 10), "stock": 18, "moq": 1,
         "tiers": [(10, 2200), (30, 1990)], "variants": BRASS_FINISH[:3]},
        {"title_en": "Ganesha Idol in {v}, 6 inch",
         "title_hi": "गणेश प्रतिमा, {v}, 6 इंच",
         "desc_en": "Seated Ganesha cast in brass by the lost-wax method and chased by hand to bring out the crown and ornaments. {v}; felt base.",
         "desc_hi": "मोम-ढलाई विधि से पीतल में ढली बैठी गणेश प्रतिमा, मुकुट और आभूषण हाथ से उभारे गए। {v}; नीचे फ़ेल्ट।",
         "price": 1650, "mrp": 1990, "weight": 900, "size": (11, 9, 15), "stock": 30, "moq": 1,
         "tiers": [(10, 1480), (50, 1320)], "variants": BRASS_FINISH},
        {"title_en": "Copper Water Bottle with Brass Cap, {v}",
         "title_hi": "तांबे की पानी की बोतल, पीतल का ढक्कन, {v}",
         "desc_en": "1 litre seamless copper bottle with a leak-proof brass cap; hammered or smooth finish. {v} design. Wash with lemon and salt.",
         "desc_hi": "1 लीटर की बिना जोड़ की तांबे की बोतल, रिसाव-रोधी पीतल का ढक्कन; हथौड़ा-पीटी या चिकनी फ़िनिश। डिज़ाइन: {v}। नींबू-नमक से धोएं।",
         "price": 690, "mrp": 899, "weight": 420, "size": (8, 8, 27), "stock": 120, "moq": 2,
         "tiers": [(24, 600), (100, 540)], "variants": [("Hammered", "हथौड़ा-पीटी", 1.0), ("Plain", "सादी", 0.95), ("Meena Print", "मीना प्रिंट", 1.1)]},
        {"title_en": "Brass Urli Bowl for Floating Flowers, {v}",
         "title_hi": "पीतल की उरली, तैरते फूलों के लिए, {v}",
         "desc_en": "Wide, shallow urli for flowers and diyas at the entrance, cast and hand-polished. {v}.",
         "desc_hi": "द्वार पर फूल और दीये सजाने के लिए चौड़ी, उथली उरली, ढलाई के बाद हाथ से पॉलिश। {v}।",
         "price": 2800, "mrp": 3400, "weight": 2100, "size": (36, 36, 10), "stock": 12, "moq": 1,
         "tiers": [(6, 2600)], "variants": [("12 inch", "12 इंच", 1.0), ("15 inch", "15 इंच", 1.45), ("18 inch", "18 इंच", 2.0)]},
    ],
}

# Bhadohi / Mirzapur / Sonbhadra — Carpets -----------------------------------------------------
RUG_SIZES = [("3 x 5 ft", "3 x 5 फ़ुट", 1.0), ("4 x 6 ft", "4 x 6 फ़ुट", 1.6), ("5 x 8 ft", "5 x 8 फ़ुट", 2.7), ("6 x 9 ft", "6 x 9 फ़ुट", 3.6)]
CRAFTS["Carpets"] = {
    "palette": ["#8c2f39", "#1f3a5f", "#e8d5b7"], "motif": "medallion",
    "hsn": "5701", "gst": 5,
    "bases": [
        {"title_en": "{place} Hand-Knotted Wool Carpet, Persian Medallion, {v}",
         "title_hi": "{place} हाथ से गांठा ऊनी कालीन, फ़ारसी मेडलियन, {v}",
         "desc_en": "New Zealand and Indian wool, about 100 knots per square inch, knotted on a vertical loom and washed by hand. Red field with a navy medallion. Size {v}.",
         "desc_hi": "न्यूज़ीलैंड और भारतीय ऊन, लगभग 100 गांठ प्रति वर्ग इंच, खड़े करघे पर गांठा और हाथ से धुला। लाल ज़मीन पर गहरा नीला मेडलियन। आकार {v}।",
         "price": 14500, "mrp": 18000, "weight": 7000, "size": (95, 20, 20), "stock": 5, "moq": 1,
         "tiers": [(5, 13200)], "variants": RUG_SIZES},
        {"title_en": "Hand-Tufted Modern Rug, {v}, Wool and Viscose",
         "title_hi": "हैंड-टफ़्टेड आधुनिक गलीचा, {v}, ऊन और विस्कोस",
         "desc_en": "Abstract design tufted by hand in wool with viscose highlights that catch the light; cotton backing. {v}.",
         "desc_hi": "ऊन में हाथ से टफ़्ट किया गया अमूर्त डिज़ाइन, बीच-बीच में चमकते विस्कोस के धागे; सूती बैकिंग। {v}।",
         "price": 8900, "mrp": 11000, "weight": 6000, "size": (95, 20, 20), "stock": 9, "moq": 1,
         "tiers": [(5, 8100), (20, 7400)], "variants": RUG_SIZES[:3]},
        {"title_en": "Cotton Flat-Weave Dhurrie (Dari), {v} Stripes",
         "title_hi": "सूती सपाट बुनाई दरी, {v} धारियां",
         "desc_en": "Reversible panja-woven cotton dhurrie, 4 x 6 ft, machine washable. {v} stripes on natural.",
         "desc_hi": "दोनों तरफ़ से इस्तेमाल होने वाली पंजा-बुनी सूती दरी, 4 x 6 फ़ुट, मशीन में धुल सकती है। प्राकृतिक रंग पर {v} धारियां।",
         "price": 1650, "mrp": 2100, "weight": 2200, "size": (60, 20, 15), "stock": 40, "moq": 1,
         "tiers": [(10, 1450), (50, 1300)], "variants": EARTH_COLOURS},
        {"title_en": "Silk Rug, Kashan Design, {v}",
         "title_hi": "रेशमी गलीचा, काशान डिज़ाइन, {v}",
         "desc_en": "Fine hand-knotted rug in art silk with a Kashan floral field; shimmers differently from each side. {v}.",
         "desc_hi": "आर्ट सिल्क में बारीक हाथ से गांठा गलीचा, काशान फूलदार ज़मीन; हर तरफ़ से अलग चमक। {v}।",
         "price": 21000, "mrp": 26000, "weight": 5000, "size": (95, 20, 20), "stock": 3, "moq": 1,
         "tiers": [], "variants": RUG_SIZES[:2]},
    ],
}

# Sitapur — Durries ---------------------------------------------------------------------------
CRAFTS["Durries (dari)"] = {
    "palette": ["#2e6f95", "#e0a458", "#f2efe9"], "motif": "stripes",
    "hsn": "5702", "gst": 5,
    "bases": [
        {"title_en": "Sitapur Cotton Dari, {v}, Geometric Pattern",
         "title_hi": "सीतापुर सूती दरी, {v}, ज्यामितीय डिज़ाइन",
         "desc_en": "Woven on a pit loom in Khairabad, thick enough for the floor and easy to wash. {v}; 5 x 7 ft.",
         "desc_hi": "खैराबाद में गड्ढा करघे पर बुनी, फ़र्श के लिए मोटी और धोने में आसान। {v}; 5 x 7 फ़ुट।",
         "price": 1250, "mrp": 1600, "weight": 2600, "size": (60, 20, 15), "stock": 60, "moq": 2,
         "tiers": [(20, 1100), (100, 980)], "variants": EARTH_COLOURS},
        {"title_en": "Chindi Rag Rug, {v} Mix, Recycled Cotton",
         "title_hi": "चिंदी दरी, {v} मिश्रण, रीसाइकिल सूती",
         "desc_en": "Colourful rug woven from cotton cut-offs of garment units; each one is unique. {v}; 2 x 3 ft, good for doorways and kitchens.",
         "desc_hi": "कपड़ा इकाइयों की बची सूती कतरनों से बुनी रंग-बिरंगी दरी; हर एक अलग। {v}; 2 x 3 फ़ुट, दरवाज़े और रसोई के लिए।",
         "price": 320, "mrp": 450, "weight": 650, "size": (35, 20, 10), "stock": 150, "moq": 5,
         "tiers": [(50, 270), (200, 240)], "variants": [("Rainbow", "इंद्रधनुषी", 1.0), ("Blue", "नीला", 1.0), ("Pastel", "हल्के रंग", 1.0)]},
    ],
}

# Jaunpur — Woollen carpets (dari) ------------------------------------------------------------
CRAFTS["Woollen carpets (dari)"] = {
    "palette": ["#5b3a29", "#c0872f", "#efe2cc"], "motif": "stripes",
    "hsn": "5702", "gst": 5,
    "bases": [
        {"title_en": "Jaunpur Woollen Dari, Handwoven, {v}",
         "title_hi": "जौनपुर ऊनी दरी, हाथ से बुनी, {v}",
         "desc_en": "Warm woollen flat-weave dari in natural-dyed wool, tight enough to lie flat without a pad. {v}.",
         "desc_hi": "प्राकृतिक रंगों वाली ऊन की गरम सपाट बुनाई दरी, इतनी कसी कि बिना गद्दी के समतल बिछी रहती है। {v}।",
         "price": 3900, "mrp": 4800, "weight": 4200, "size": (70, 25, 20), "stock": 16, "moq": 1,
         "tiers": [(10, 3500)], "variants": RUG_SIZES[:3]},
        {"title_en": "Woollen Kilim Runner, {v}",
         "title_hi": "ऊनी किलिम रनर, {v}",
         "desc_en": "2.5 x 8 ft runner for corridors with a kilim diamond pattern, woven in Jaunpur. {v} palette.",
         "desc_hi": "गलियारे के लिए 2.5 x 8 फ़ुट का रनर, किलिम हीरा डिज़ाइन, जौनपुर में बुना। {v} रंग।",
         "price": 2900, "mrp": 3600, "weight": 2800, "size": (70, 20, 20), "stock": 12, "moq": 1,
         "tiers": [(6, 2650)], "variants": EARTH_COLOURS[:4]},
    ],
}

# Kannauj — Perfume (itra) --------------------------------------------------------------------
ATTAR_SIZES = [("10 ml", "10 मिली", 1.0), ("25 ml", "25 मिली", 2.3), ("50 ml", "50 मिली", 4.3)]
CRAFTS["Perfume (itra)"] = {
    "palette": ["#6b4226", "#d9a441", "#fdf3e1"], "motif": "bottle",
    "hsn": "3301", "gst": 18,
    "bases": [
        {"title_en": "Kannauj Rose Attar (Ruh Gulab), {v}",
         "title_hi": "कन्नौज गुलाब इत्र (रूह गुलाब), {v}",
         "desc_en": "Rose petals distilled in copper deg-bhapka over a wood fire into sandalwood oil, then aged in leather kuppis. Alcohol-free; a drop lasts the day. {v}.",
         "desc_hi": "गुलाब की पंखुड़ियों को लकड़ी की आंच पर तांबे के डेग-भभके में चंदन तेल में आसवित कर चमड़े की कुप्पी में पकाया गया। बिना अल्कोहल; एक बूंद दिन भर। {v}।",
         "price": 650, "mrp": 800, "weight": 60, "size": (6, 6, 10), "stock": 80, "moq": 1,
         "tiers": [(12, 580), (50, 520)], "variants": ATTAR_SIZES},
        {"title_en": "Mitti Attar (Petrichor), Kannauj, {v}",
         "title_hi": "मिट्टी इत्र (सौंधी खुशबू), कन्नौज, {v}",
         "desc_en": "The smell of first rain: baked clay discs from the Ganga bank distilled into sandalwood oil. {v} glass bottle with a roll-on.",
         "desc_hi": "पहली बारिश की सौंधी खुशबू: गंगा किनारे की मिट्टी के पके टिकड़े चंदन तेल में आसवित। {v} कांच की रोल-ऑन शीशी।",
         "price": 520, "mrp": 650, "weight": 55, "size": (6, 6, 10), "stock": 90, "moq": 1,
         "tiers": [(12, 470), (50, 420)], "variants": ATTAR_SIZES},
        {"title_en": "Shamama Attar, Warm Spice Blend, {v}",
         "title_hi": "शमामा इत्र, गरम मसालों का मिश्रण, {v}",
         "desc_en": "A winter attar of some forty herbs, spices and resins, distilled together and aged for months. {v}.",
         "desc_hi": "सर्दियों का इत्र: करीब चालीस जड़ी-बूटियां, मसाले और राल एक साथ आसवित कर महीनों पकाए गए। {v}।",
         "price": 890, "mrp": 1100, "weight": 60, "size": (6, 6, 10), "stock": 45, "moq": 1,
         "tiers": [(12, 800)], "variants": ATTAR_SIZES[:2]},
        {"title_en": "Kewda Water for Cooking, {v}",
         "title_hi": "केवड़ा जल, खाने के लिए, {v}",
         "desc_en": "Steam-distilled kewda (screw pine) water for biryani, kheer and sweets; food grade, no added colour. {v} bottle.",
         "desc_hi": "भाप से आसवित केवड़ा जल, बिरयानी, खीर और मिठाइयों के लिए; खाद्य श्रेणी, कोई रंग नहीं मिलाया। {v} बोतल।",
         "price": 180, "mrp": 220, "weight": 260, "size": (7, 7, 20), "stock": 200, "moq": 6,
         "tiers": [(48, 150), (200, 135)], "variants": [("200 ml", "200 मिली", 1.0), ("500 ml", "500 मिली", 2.2)]},
        {"title_en": "Attar Gift Box, 6 Fragrances, {v} each",
         "title_hi": "इत्र उपहार डिब्बा, 6 खुशबुएं, हर एक {v}",
         "desc_en": "Rose, jasmine (motia), kewda, khus, mitti and shamama in a wooden box with Kannauj block-printed lining. {v} per bottle.",
         "desc_hi": "गुलाब, मोतिया, केवड़ा, खस, मिट्टी और शमामा, लकड़ी के डिब्बे में कन्नौज ठप्पा छपाई वाले अस्तर के साथ। हर शीशी {v}।",
         "price": 1450, "mrp": 1800, "weight": 380, "size": (20, 14, 6), "stock": 40, "moq": 1,
         "tiers": [(10, 1300), (40, 1180)], "variants": [("3 ml", "3 मिली", 1.0), ("6 ml", "6 मिली", 1.8)]},
    ],
}

# Firozabad — Glassware -----------------------------------------------------------------------
BANGLE_SIZES = [("2.4", "2.4", 1.0), ("2.6", "2.6", 1.0), ("2.8", "2.8", 1.0)]
CRAFTS["Glassware"] = {
    "palette": ["#0f7c8c", "#e94f64", "#fbe9a9"], "motif": "rings",
    "hsn": "7018", "gst": 0,
    "bases": [
        {"title_en": "Firozabad Glass Bangles, Set of 24, {v}",
         "title_hi": "फिरोजाबाद कांच की चूड़ियां, 24 का सेट, {v}",
         "desc_en": "Glass bangles drawn and joined by hand in Firozabad, then painted with gold lines. Mixed red and green, size {v}.",
         "desc_hi": "फिरोजाबाद में हाथ से खींची और जोड़ी गई कांच की चूड़ियां, ऊपर सुनहरी लकीरें। लाल-हरी मिली-जुली, साइज़ {v}।",
         "price": 180, "mrp": 240, "weight": 300, "size": (12, 12, 10), "stock": 300, "moq": 6,
         "tiers": [(50, 150), (200, 130)], "variants": BANGLE_SIZES},
        {"title_en": "Bridal Glass Bangle Set with Kundan, Size {v}",
         "title_hi": "दुल्हन कांच चूड़ी सेट, कुंदन जड़ाई, साइज़ {v}",
         "desc_en": "Deep maroon glass bangles with kundan-studded kadas for both hands, boxed. Size {v}.",
         "desc_hi": "गहरे मैरून कांच की चूड़ियां, दोनों हाथों के लिए कुंदन जड़े कड़े, डिब्बे में। साइज़ {v}।",
         "price": 420, "mrp": 550, "weight": 450, "size": (14, 14, 12), "stock": 120, "moq": 3,
         "tiers": [(24, 370), (100, 330)], "variants": BANGLE_SIZES},
        {"title_en": "Hand-Blown Glass Tumblers, Set of 6, {v}",
         "title_hi": "हाथ से फूंके कांच के गिलास, 6 का सेट, {v}",
         "desc_en": "Mouth-blown tumblers with a slightly uneven rim and tiny bubbles that show they are made by hand. {v}; 300 ml each.",
         "desc_hi": "मुंह से फूंककर बने गिलास; थोड़ा असमान किनारा और छोटे बुलबुले बताते हैं कि ये हाथ से बने हैं। {v}; हर गिलास 300 मिली।",
         "price": 780, "mrp": 990, "weight": 1400, "size": (26, 18, 14), "stock": 60, "moq": 2,
         "tiers": [(20, 690), (60, 620)], "variants": [("Amber", "अंबर", 1.0), ("Cobalt Blue", "कोबाल्ट नीला", 1.05), ("Sea Green", "समुद्री हरा", 1.0), ("Clear", "पारदर्शी", 0.9)]},
        {"title_en": "Glass Diya Tealight Holders, Pack of 12, {v}",
         "title_hi": "कांच के दीया टीलाइट होल्डर, 12 का पैक, {v}",
         "desc_en": "Festive tealight holders pressed in Firozabad glass with a frosted pattern; tealights included. {v}.",
         "desc_hi": "फिरोजाबाद के कांच में दबाकर बने त्योहारी टीलाइट होल्डर, धुंधला पैटर्न; मोमबत्तियां साथ में। {v}।",
         "price": 450, "mrp": 599, "weight": 1100, "size": (30, 22, 8), "stock": 90, "moq": 2,
         "tiers": [(24, 390), (100, 340)], "variants": [("Multicolour", "बहुरंगी", 1.0), ("Gold Lustre", "सुनहरी चमक", 1.1), ("Ruby Red", "माणिक लाल", 1.0)]},
        {"title_en": "Glass Chandelier Lamp, {v}, 5 Lights",
         "title_hi": "कांच का झूमर लैंप, {v}, 5 बत्ती",
         "desc_en": "Hanging lamp with hand-blown glass shades on a brass-finish frame; takes E14 bulbs (not included). {v} shades.",
         "desc_hi": "पीतल फ़िनिश फ्रेम पर हाथ से फूंके कांच के शेड वाला लटकने वाला लैंप; E14 बल्ब लगते हैं (साथ नहीं)। {v} शेड।",
         "price": 5200, "mrp": 6500, "weight": 3800, "size": (55, 55, 45), "stock": 8, "moq": 1,
         "tiers": [(4, 4800)], "variants": [("Amber", "अंबर", 1.0), ("Smoky Grey", "धुएं जैसा स्लेटी", 1.0)]},
    ],
}

# Agra / Kanpur Nagar — Leather products ------------------------------------------------------
SHOE_SIZES = [("UK 7", "UK 7", 1.0), ("UK 8", "UK 8", 1.0), ("UK 9", "UK 9", 1.0), ("UK 10", "UK 10", 1.0)]
CRAFTS["Leather products"] = {
    "palette": ["#6f3d1f", "#c58b52", "#f4e8d8"], "motif": "stitch",
    "hsn": "6403", "gst": 12,
    "bases": [
        {"title_en": "{place} Handmade Leather Oxford Shoes, Tan, {v}",
         "title_hi": "{place} के हस्तनिर्मित चमड़े के ऑक्सफ़ोर्ड जूते, टैन, {v}",
         "desc_en": "Full-grain cow leather uppers lasted by hand in a {place} workshop, leather lining and a stitched rubber sole. Size {v}.",
         "desc_hi": "{place} की कार्यशाला में हाथ से लास्ट किए फ़ुल-ग्रेन गाय चमड़े के जूते, चमड़े का अस्तर और सिला हुआ रबर सोल। साइज़ {v}।",
         "price": 2890, "mrp": 3600, "weight": 1100, "size": (33, 22, 12), "stock": 20, "moq": 1,
         "tiers": [(10, 2600), (50, 2350)], "variants": SHOE_SIZES},
        {"title_en": "Men's Leather Kolhapuri-Style Sandals, {v}",
         "title_hi": "पुरुषों की चमड़े की कोल्हापुरी-शैली चप्पल, {v}",
         "desc_en": "Vegetable-tanned leather sandals with a cushioned footbed, stitched and braided by hand. Size {v}.",
         "desc_hi": "वनस्पति-टैन चमड़े की चप्पल, गद्देदार तला, हाथ से सिली और गुंथी। साइज़ {v}।",
         "price": 1190, "mrp": 1500, "weight": 650, "size": (30, 14, 8), "stock": 35, "moq": 1,
         "tiers": [(12, 1050), (60, 940)], "variants": SHOE_SIZES},
        {"title_en": "Leather Laptop Messenger Bag, {v}",
         "title_hi": "चमड़े का लैपटॉप मैसेंजर बैग, {v}",
         "desc_en": "Buffalo leather bag with a padded sleeve for a 15-inch laptop, brass buckles and an adjustable strap. {v}.",
         "desc_hi": "भैंस के चमड़े का बैग, 15 इंच लैपटॉप के लिए गद्देदार खाना, पीतल के बकल और घटने-बढ़ने वाला पट्टा। {v}।",
         "price": 3450, "mrp": 4300, "weight": 1500, "size": (40, 30, 10), "stock": 15, "moq": 1,
         "tiers": [(10, 3100)], "variants": [("Tan", "टैन", 1.0), ("Dark Brown", "गहरा भूरा", 1.0), ("Black", "काला", 1.0)]},
        {"title_en": "Leather Wallet, RFID Safe, {v}",
         "title_hi": "चमड़े का बटुआ, RFID सुरक्षित, {v}",
         "desc_en": "Bifold wallet in soft nappa leather with eight card slots and an RFID-blocking layer. {v}.",
         "desc_hi": "मुलायम नप्पा चमड़े का दोहरा बटुआ, आठ कार्ड खाने और RFID रोकने वाली परत। {v}।",
         "price": 690, "mrp": 899, "weight": 120, "size": (12, 10, 3), "stock": 100, "moq": 2,
         "tiers": [(25, 600), (100, 540)], "variants": [("Tan", "टैन", 1.0), ("Brown", "भूरा", 1.0), ("Black", "काला", 1.0), ("Navy", "गहरा नीला", 1.05)]},
        {"title_en": "Horse Riding Saddle, English Style, {v}",
         "title_hi": "घुड़सवारी काठी, इंग्लिश शैली, {v}",
         "desc_en": "Kanpur saddlery: a general-purpose English saddle on a wooden tree, with stirrup leathers. Seat {v}.",
         "desc_hi": "कानपुर की काठी कारीगरी: लकड़ी के ढांचे पर सामान्य उपयोग की इंग्लिश काठी, रकाब के पट्टों सहित। सीट {v}।",
         "price": 9800, "mrp": 12000, "weight": 6500, "size": (60, 45, 35), "stock": 6, "moq": 1,
         "tiers": [(5, 9000)], "variants": [("16 inch", "16 इंच", 1.0), ("17 inch", "17 इंच", 1.05)]},
    ],
}

# Hamirpur — Shoes ------------------------------------------------------------------------------
CRAFTS["Shoes"] = {
    "palette": ["#4a2c17", "#a0522d", "#efe0cc"], "motif": "stitch",
    "hsn": "6403", "gst": 12,
    "bases": [
        {"title_en": "Hamirpur Handmade Leather Jutti, {v}",
         "title_hi": "हमीरपुर हस्तनिर्मित चमड़े की जूती, {v}",
         "desc_en": "Soft leather juttis stitched by Maudaha cobblers, with a padded insole. Size {v}.",
         "desc_hi": "मौदहा के मोचियों की सिली मुलायम चमड़े की जूतियां, गद्देदार तला। साइज़ {v}।",
         "price": 790, "mrp": 990, "weight": 500, "size": (30, 14, 8), "stock": 40, "moq": 2,
         "tiers": [(20, 690)], "variants": SHOE_SIZES},
        {"title_en": "Men's Leather Work Boots, {v}",
         "title_hi": "पुरुषों के चमड़े के काम वाले बूट, {v}",
         "desc_en": "Ankle boots in oiled leather with a double-stitched sole for farm and site work. Size {v}.",
         "desc_hi": "खेत और साइट के काम के लिए तेल लगे चमड़े के टखने तक के बूट, दोहरी सिलाई वाला सोल। साइज़ {v}।",
         "price": 1890, "mrp": 2400, "weight": 1400, "size": (34, 24, 14), "stock": 25, "moq": 1,
         "tiers": [(12, 1700), (50, 1550)], "variants": SHOE_SIZES},
    ],
}

# Ayodhya / Muzaffarnagar — Jaggery ------------------------------------------------------------
CRAFTS["Jaggery"] = {
    "palette": ["#8b5a2b", "#d8a25e", "#f8ecd4"], "motif": "cubes",
    "hsn": "1701", "gst": 5,
    "bases": [
        {"title_en": "Organic Jaggery (Gur) Blocks, Chemical-Free, {v}",
         "title_hi": "जैविक गुड़ की भेलियां, बिना रसायन, {v}",
         "desc_en": "Sugarcane juice boiled in open iron pans in a village kolhu and cleaned with wild okra (bhindi) mucilage instead of chemicals. Golden, soft and crumbly. {v} pack.",
         "desc_hi": "गांव के कोल्हू पर खुले लोहे के कड़ाहों में उबाला गन्ने का रस, रसायनों की जगह जंगली भिंडी के लसे से साफ़ किया गया। सुनहरा, मुलायम और भुरभुरा। {v} पैक।",
         "price": 120, "mrp": 150, "weight": 1000, "size": (20, 15, 8), "stock": 500, "moq": 5,
         "tiers": [(50, 105), (500, 92)], "variants": [("1 kg", "1 किलो", 1.0), ("2 kg", "2 किलो", 1.95), ("5 kg", "5 किलो", 4.7)]},
        {"title_en": "Jaggery Powder (Shakkar), {v}",
         "title_hi": "गुड़ पाउडर (शक्कर), {v}",
         "desc_en": "Free-flowing jaggery powder for tea, sweets and baking, sieved and packed in food-grade pouches. {v}.",
         "desc_hi": "चाय, मिठाई और बेकिंग के लिए दानेदार गुड़ पाउडर, छानकर खाद्य-श्रेणी पाउच में पैक। {v}।",
         "price": 140, "mrp": 175, "weight": 1000, "size": (22, 15, 6), "stock": 400, "moq": 5,
         "tiers": [(50, 120), (300, 108)], "variants": [("1 kg", "1 किलो", 1.0), ("500 g", "500 ग्राम", 0.55)]},
        {"title_en": "Gur Chikki with {v}",
         "title_hi": "{v} वाली गुड़ चिक्की",
         "desc_en": "Crunchy chikki made with fresh jaggery and roasted {v}, no refined sugar; 250 g box of bars.",
         "desc_hi": "ताज़े गुड़ और भुने {v} से बनी करारी चिक्की, बिना चीनी; 250 ग्राम का डिब्बा।",
         "price": 110, "mrp": 140, "weight": 280, "size": (18, 10, 5), "stock": 300, "moq": 10,
         "tiers": [(100, 92)], "variants": [("Peanuts", "मूंगफली", 1.0), ("Sesame", "तिल", 1.05), ("Mixed Dry Fruits", "मेवे", 1.6)]},
        {"title_en": "Masala Gur Cubes with {v}",
         "title_hi": "{v} वाले मसाला गुड़ के टुकड़े",
         "desc_en": "Bite-sized jaggery cubes flavoured with {v}, a village after-meal sweet. 400 g jar.",
         "desc_hi": "{v} के स्वाद वाले छोटे गुड़ के टुकड़े, गांव की खाने के बाद वाली मिठास। 400 ग्राम का जार।",
         "price": 160, "mrp": 199, "weight": 480, "size": (10, 10, 12), "stock": 200, "moq": 6,
         "tiers": [(60, 140)], "variants": [("Ginger", "अदरक", 1.0), ("Fennel and Cardamom", "सौंफ-इलायची", 1.05), ("Black Pepper", "काली मिर्च", 1.0)]},
    ],
}

# Azamgarh — Black pottery --------------------------------------------------------------------
CRAFTS["Black pottery"] = {
    "palette": ["#1b1b1b", "#c0c0c0", "#e9e4da"], "motif": "silverline",
    "hsn": "6912", "gst": 12,
    "bases": [
        {"title_en": "Nizamabad Black Pottery Vase, Silver Inlay, {v}",
         "title_hi": "निज़ामाबाद काली मिट्टी का फूलदान, चांदी रंग जड़ाई, {v}",
         "desc_en": "Thrown on the wheel in Nizamabad, smoked in a sealed kiln with rice husk until jet black, then etched and filled with a silver-coloured zinc-mercury-free alloy. {v} tall.",
         "desc_hi": "निज़ामाबाद में चाक पर बना, बंद भट्ठी में धान की भूसी के धुएं से गहरा काला किया गया, फिर खुरचकर चांदी रंग की धातु से भरा गया। ऊंचाई {v}।",
         "price": 850, "mrp": 1100, "weight": 900, "size": (14, 14, 25), "stock": 30, "moq": 1,
         "tiers": [(12, 750), (50, 680)], "variants": [("8 inch", "8 इंच", 0.8), ("10 inch", "10 इंच", 1.0), ("12 inch", "12 इंच", 1.35)]},
        {"title_en": "Black Clay Tea Set, {v}",
         "title_hi": "काली मिट्टी का चाय सेट, {v}",
         "desc_en": "Kettle, six cups and a tray in Nizamabad black clay with the traditional silver-line floral pattern. {v}. Hand wash only.",
         "desc_hi": "निज़ामाबाद की काली मिट्टी में केतली, छह कप और ट्रे, पारंपरिक चांदी रंग की फूलदार लकीरों के साथ। {v}। केवल हाथ से धोएं।",
         "price": 1650, "mrp": 2100, "weight": 2400, "size": (35, 30, 18), "stock": 14, "moq": 1,
         "tiers": [(6, 1500)], "variants": [("6 cups", "6 कप", 1.0), ("4 cups", "4 कप", 0.8)]},
        {"title_en": "Black Pottery Diyas, {v}",
         "title_hi": "काली मिट्टी के दीये, {v}",
         "desc_en": "Festive diyas in glossy black clay with silver etching; they hold oil without seeping. {v}.",
         "desc_hi": "चमकदार काली मिट्टी के त्योहारी दीये, चांदी रंग की खुदाई; तेल रिसता नहीं। {v}।",
         "price": 350, "mrp": 450, "weight": 500, "size": (20, 15, 6), "stock": 80, "moq": 3,
         "tiers": [(30, 300), (120, 270)], "variants": [("Set of 4", "4 का सेट", 1.0), ("Set of 8", "8 का सेट", 1.8), ("Set of 12", "12 का सेट", 2.5)]},
        {"title_en": "Black Clay Fruit Bowl, {v}",
         "title_hi": "काली मिट्टी का फल कटोरा, {v}",
         "desc_en": "A wide bowl with a fluted rim and etched mango-leaf pattern, made by a Nizamabad potter family. {v}.",
         "desc_hi": "लहरदार किनारे और आम के पत्तों की खुदाई वाला चौड़ा कटोरा, निज़ामाबाद के कुम्हार परिवार का बनाया। {v}।",
         "price": 690, "mrp": 890, "weight": 1000, "size": (26, 26, 10), "stock": 25, "moq": 1,
         "tiers": [(12, 620)], "variants": [("Medium", "मध्यम", 1.0), ("Large", "बड़ा", 1.4)]},
    ],
}

# Gorakhpur — Terracotta ----------------------------------------------------------------------
CRAFTS["Terracotta"] = {
    "palette": ["#b5532b", "#e9b872", "#f7ecdf"], "motif": "dots",
    "hsn": "6913", "gst": 12,
    "bases": [
        {"title_en": "Gorakhpur Terracotta Horse, {v}",
         "title_hi": "गोरखपुर टेराकोटा घोड़ा, {v}",
         "desc_en": "The famous long-necked Aurangabad (Gorakhpur) horse, built in parts on the wheel, decorated with applied clay and fired to a deep red with kabis slip. {v} high.",
         "desc_hi": "औरंगाबाद (गोरखपुर) का प्रसिद्ध लंबी गर्दन वाला घोड़ा, चाक पर हिस्सों में बना, मिट्टी की सजावट और कबीस के लेप के साथ गहरे लाल रंग में पकाया गया। ऊंचाई {v}।",
         "price": 1200, "mrp": 1500, "weight": 2000, "size": (30, 15, 45), "stock": 12, "moq": 1,
         "tiers": [(6, 1080)], "variants": [("12 inch", "12 इंच", 0.6), ("18 inch", "18 इंच", 1.0), ("24 inch", "24 इंच", 1.6)]},
        {"title_en": "Terracotta Elephant Pair, {v}",
         "title_hi": "टेराकोटा हाथी जोड़ा, {v}",
         "desc_en": "A pair of decorated elephants for the entrance or a shelf, hand-built and kiln-fired. {v}.",
         "desc_hi": "प्रवेश द्वार या ताक के लिए सजे हुए हाथियों की जोड़ी, हाथ से गढ़ी और भट्ठी में पकी। {v}।",
         "price": 950, "mrp": 1200, "weight": 1600, "size": (25, 12, 20), "stock": 18, "moq": 1,
         "tiers": [(6, 860)], "variants": [("Small", "छोटा", 0.7), ("Medium", "मध्यम", 1.0)]},
        {"title_en": "Terracotta Hanging Bell Chime, {v}",
         "title_hi": "टेराकोटा लटकने वाली घंटी, {v}",
         "desc_en": "Wind chime of clay bells on jute cord that rings softly on a balcony. {v}.",
         "desc_hi": "जूट की डोरी पर मिट्टी की घंटियों वाली विंड चाइम, बालकनी में धीमे-धीमे बजती है। {v}।",
         "price": 420, "mrp": 550, "weight": 600, "size": (20, 20, 50), "stock": 50, "moq": 2,
         "tiers": [(24, 360)], "variants": [("5 bells", "5 घंटियां", 1.0), ("7 bells", "7 घंटियां", 1.3)]},
        {"title_en": "Terracotta Planter with Stand, {v}",
         "title_hi": "स्टैंड सहित टेराकोटा गमला, {v}",
         "desc_en": "Unglazed clay planter that lets roots breathe, with a drainage hole and matching saucer. {v}.",
         "desc_hi": "बिना ग्लेज़ का मिट्टी का गमला जिसमें जड़ें सांस लेती हैं, पानी निकलने का छेद और साथ में तश्तरी। {v}।",
         "price": 380, "mrp": 480, "weight": 1800, "size": (22, 22, 22), "stock": 60, "moq": 2,
         "tiers": [(20, 330), (80, 300)], "variants": [("6 inch", "6 इंच", 0.7), ("8 inch", "8 इंच", 1.0), ("10 inch", "10 इंच", 1.4)]},
    ],
}

# Saharanpur — Wood carving -------------------------------------------------------------------
WOOD = [("Sheesham", "शीशम", 1.0), ("Mango Wood", "आम की लकड़ी", 0.8), ("Walnut Finish", "अखरोट फ़िनिश", 1.1)]
CRAFTS["Wood carving"] = {
    "palette": ["#6b4423", "#c49a6c", "#f3e6d3"], "motif": "jaali",
    "hsn": "4420", "gst": 12,
    "bases": [
        {"title_en": "Saharanpur Carved Wooden Jewellery Box, {v}",
         "title_hi": "सहारनपुर नक्काशीदार लकड़ी का ज़ेवर डिब्बा, {v}",
         "desc_en": "Box carved by hand with a deep floral pattern, brass inlay on the lid and a velvet-lined tray inside. {v}.",
         "desc_hi": "हाथ से गहरी फूलदार नक्काशी वाला डिब्बा, ढक्कन पर पीतल की जड़ाई और अंदर मखमली ट्रे। {v}।",
         "price": 1150, "mrp": 1450, "weight": 700, "size": (22, 15, 9), "stock": 40, "moq": 1,
         "tiers": [(12, 1020), (50, 920)], "variants": WOOD},
        {"title_en": "Carved Wooden Wall Panel, Jaali, {v}",
         "title_hi": "नक्काशीदार लकड़ी का दीवार पैनल, जाली, {v}",
         "desc_en": "Pierced jaali panel carved in Saharanpur's Lakdi Bazaar, for a wall or a room divider. 2 x 1 ft, {v}.",
         "desc_hi": "सहारनपुर के लकड़ी बाज़ार में उकेरा गया जालीदार पैनल, दीवार या कमरे के पार्टीशन के लिए। 2 x 1 फ़ुट, {v}।",
         "price": 3200, "mrp": 3900, "weight": 3000, "size": (62, 32, 4), "stock": 10, "moq": 1,
         "tiers": [(5, 2900)], "variants": WOOD},
        {"title_en": "Wooden Tray with Handles, Hand Carved, {v}",
         "title_hi": "हत्थे वाली लकड़ी की ट्रे, हाथ की नक्काशी, {v}",
         "desc_en": "Serving tray with a carved border and food-safe lacquer. {v}; 40 x 28 cm.",
         "desc_hi": "नक्काशीदार किनारे और खाद्य-सुरक्षित लैकर वाली सर्विंग ट्रे। {v}; 40 x 28 सेमी।",
         "price": 890, "mrp": 1100, "weight": 1100, "size": (42, 30, 6), "stock": 30, "moq": 1,
         "tiers": [(12, 790)], "variants": WOOD[:2]},
        {"title_en": "Carved Wooden Mandir for Home, {v}",
         "title_hi": "घर के लिए नक्काशीदार लकड़ी का मंदिर, {v}",
         "desc_en": "Wall or floor temple with carved pillars, a dome and a drawer for puja items. {v}; 18 inch tall.",
         "desc_hi": "दीवार या फ़र्श पर रखने वाला मंदिर, नक्काशीदार खंभे, गुंबद और पूजा सामग्री के लिए दराज़। {v}; ऊंचाई 18 इंच।",
         "price": 5400, "mrp": 6500, "weight": 6000, "size": (40, 25, 48), "stock": 6, "moq": 1,
         "tiers": [(4, 5000)], "variants": WOOD},
    ],
}

# Basti / Bijnor — Wood craft ------------------------------------------------------------------
CRAFTS["Wood craft"] = {
    "palette": ["#7a5230", "#d4a373", "#faedcd"], "motif": "grain",
    "hsn": "4419", "gst": 12,
    "bases": [
        {"title_en": "Wooden Kitchen Spoon Set, {v}",
         "title_hi": "लकड़ी के रसोई चम्मच का सेट, {v}",
         "desc_en": "Five cooking spoons and spatulas carved from one seasoned block each, oiled with coconut oil. {v}.",
         "desc_hi": "पांच कलछी और पलटे, हर एक सीझी लकड़ी के एक टुकड़े से बना, नारियल तेल से तैयार। {v}।",
         "price": 450, "mrp": 590, "weight": 400, "size": (35, 10, 5), "stock": 70, "moq": 2,
         "tiers": [(24, 390), (100, 350)], "variants": WOOD[:2]},
        {"title_en": "Wooden Chakla Belan (Rolling Board and Pin), {v}",
         "title_hi": "लकड़ी का चकला-बेलन, {v}",
         "desc_en": "Heavy round chakla with short legs and a tapered belan, turned on a lathe. {v}.",
         "desc_hi": "छोटे पायों वाला भारी गोल चकला और पतला होता बेलन, खराद पर बना। {v}।",
         "price": 520, "mrp": 650, "weight": 1500, "size": (28, 28, 8), "stock": 55, "moq": 2,
         "tiers": [(20, 460)], "variants": WOOD[:2]},
        {"title_en": "Wooden Photo Frame, Carved Border, {v}",
         "title_hi": "नक्काशीदार किनारे वाला लकड़ी का फ़ोटो फ़्रेम, {v}",
         "desc_en": "Table-top frame for a 5 x 7 inch photo with a carved border and glass front. {v}.",
         "desc_hi": "5 x 7 इंच फ़ोटो के लिए मेज़ पर रखने वाला फ़्रेम, नक्काशीदार किनारा और आगे कांच। {v}।",
         "price": 390, "mrp": 499, "weight": 450, "size": (24, 18, 4), "stock": 60, "moq": 2,
         "tiers": [(24, 340)], "variants": WOOD},
    ],
}

# Chitrakoot (and Varanasi lacquerware) — Wooden toys ----------------------------------------
TOY_COLOURS = [("Bright", "चटख रंग", 1.0), ("Pastel", "हल्के रंग", 1.0), ("Natural", "प्राकृतिक", 0.9)]
CRAFTS["Wooden toys"] = {
    "palette": ["#e63946", "#f4a261", "#2a9d8f"], "motif": "tops",
    "hsn": "9503", "gst": 12,
    "bases": [
        {"title_en": "Lacquered Wooden Spinning Tops (Lattu), Set of 4, {v}",
         "title_hi": "लाख रंगे लकड़ी के लट्टू, 4 का सेट, {v}",
         "desc_en": "Tops turned from soft dudhi wood and coloured with lac while spinning on the lathe, so there is no paint to chip. {v} colours; safe for children.",
         "desc_hi": "मुलायम दूधी लकड़ी से खराद पर बने लट्टू, घूमते हुए लाख से रंगे गए, इसलिए पेंट उखड़ता नहीं। {v}; बच्चों के लिए सुरक्षित।",
         "price": 240, "mrp": 320, "weight": 200, "size": (15, 10, 6), "stock": 150, "moq": 4,
         "tiers": [(40, 200), (200, 175)], "variants": TOY_COLOURS},
        {"title_en": "Wooden Kitchen Set Toy, 12 Pieces, {v}",
         "title_hi": "लकड़ी का रसोई खिलौना सेट, 12 पीस, {v}",
         "desc_en": "Miniature chulha, tawa, kadhai, chakla-belan and pots for pretend play, turned and lacquered by hand. {v}.",
         "desc_hi": "खेल-खेल में खाना पकाने के लिए छोटा चूल्हा, तवा, कड़ाही, चकला-बेलन और बर्तन, हाथ से खराद और लाख से रंगे। {v}।",
         "price": 650, "mrp": 850, "weight": 500, "size": (25, 20, 8), "stock": 60, "moq": 2,
         "tiers": [(24, 560)], "variants": TOY_COLOURS},
        {"title_en": "Wooden Stacking Rings Toy, {v}",
         "title_hi": "लकड़ी के छल्लों वाला खिलौना, {v}",
         "desc_en": "Seven rings on a peg for toddlers to sort by size, with rounded edges and lac colours. {v}.",
         "desc_hi": "छोटे बच्चों के लिए खूंटी पर सात छल्ले, आकार के हिसाब से लगाने को; गोल किनारे और लाख के रंग। {v}।",
         "price": 380, "mrp": 490, "weight": 350, "size": (12, 12, 20), "stock": 80, "moq": 2,
         "tiers": [(24, 330)], "variants": TOY_COLOURS},
        {"title_en": "Wooden Pull-Along Bullock Cart, {v}",
         "title_hi": "लकड़ी की खींचने वाली बैलगाड़ी, {v}",
         "desc_en": "A bullock cart on wheels with a string to pull, a favourite at village fairs. {v}.",
         "desc_hi": "डोरी से खींचने वाली पहियों पर बैलगाड़ी, गांव के मेलों का पसंदीदा खिलौना। {v}।",
         "price": 450, "mrp": 590, "weight": 450, "size": (30, 12, 12), "stock": 50, "moq": 2,
         "tiers": [(24, 390)], "variants": TOY_COLOURS[:2]},
    ],
}

# Zari-zardozi (Bareilly, Kasganj, Budaun, Shahjahanpur, Unnao, Chandauli) -------------------
CRAFTS["Zari-zardozi"] = {
    "palette": ["#4b1d3f", "#d4af37", "#f5e9d0"], "motif": "zari",
    "hsn": "5810", "gst": 5,
    "bases": [
        {"title_en": "Zari-Zardozi Clutch Bag, {v}",
         "title_hi": "ज़री-ज़रदोज़ी क्लच बैग, {v}",
         "desc_en": "Evening clutch with dense zardozi in gold dabka and nakshi on silk, worked on an adda frame by {place} karigars. {v}; detachable chain.",
         "desc_hi": "रेशम पर सुनहरे दबका और नक्शी की घनी ज़रदोज़ी वाला शाम का क्लच, {place} के कारीगरों ने अड्डे पर बनाया। {v}; अलग होने वाली चेन।",
         "price": 1450, "mrp": 1850, "weight": 280, "size": (24, 14, 5), "stock": 30, "moq": 2,
         "tiers": [(12, 1280), (50, 1150)], "variants": [("Maroon", "मैरून", 1.0), ("Black", "काला", 1.0), ("Ivory", "हाथीदांत रंग", 1.05), ("Royal Blue", "रॉयल नीला", 1.0)]},
        {"title_en": "Zardozi Embroidered Cushion Cover, {v}",
         "title_hi": "ज़रदोज़ी कढ़ाई वाला कुशन कवर, {v}",
         "desc_en": "16 x 16 inch velvet cushion cover with a zardozi medallion and beaded corners; zip closure. {v}.",
         "desc_hi": "16 x 16 इंच मखमली कुशन कवर, बीच में ज़रदोज़ी का मेडलियन और मोतियों वाले कोने; ज़िप। {v}।",
         "price": 750, "mrp": 950, "weight": 250, "size": (42, 42, 2), "stock": 50, "moq": 2,
         "tiers": [(20, 650), (100, 580)], "variants": [("Maroon", "मैरून", 1.0), ("Emerald", "पन्ना हरा", 1.0), ("Mustard", "सरसों पीला", 1.0)]},
        {"title_en": "Zardozi Wedding Shawl, {v}",
         "title_hi": "ज़रदोज़ी शादी की शॉल, {v}",
         "desc_en": "Georgette shawl with a heavy zardozi border and scattered sequin bootis, for brides and their mothers. {v}.",
         "desc_hi": "भारी ज़रदोज़ी बॉर्डर और बिखरी सितारा बूटियों वाली जॉर्जेट शॉल, दुल्हन और उसकी मां के लिए। {v}।",
         "price": 2650, "mrp": 3300, "weight": 450, "size": (32, 26, 4), "stock": 18, "moq": 1,
         "tiers": [(10, 2400)], "variants": [("Red", "लाल", 1.0), ("Peach", "आड़ू रंग", 1.0), ("Pink", "गुलाबी", 1.0)]},
        {"title_en": "Zari Embroidered Bridal Lehenga Border Lace, {v}",
         "title_hi": "दुल्हन लहंगे की ज़री कढ़ाई वाली बॉर्डर लेस, {v}",
         "desc_en": "Hand-embroidered 4-inch border lace for lehengas and dupattas, sold per 9 m roll. {v}.",
         "desc_hi": "लहंगे और दुपट्टे के लिए हाथ से कढ़ी 4 इंच चौड़ी बॉर्डर लेस, 9 मीटर के रोल में। {v}।",
         "price": 1950, "mrp": 2400, "weight": 400, "size": (25, 25, 6), "stock": 25, "moq": 1,
         "tiers": [(10, 1750), (40, 1600)], "variants": [("Gold", "सुनहरी", 1.0), ("Antique Gold", "एंटीक सुनहरी", 1.05), ("Silver", "चांदी रंग", 1.0)]},
    ],
}

# Siddharthnagar — Kala namak rice -------------------------------------------------------------
CRAFTS["Kala namak rice"] = {
    "palette": ["#3d3b30", "#a3b18a", "#f2efe2"], "motif": "grains",
    "hsn": "1006", "gst": 5,
    "bases": [
        {"title_en": "Kalanamak Rice, Aromatic, {v}",
         "title_hi": "कालानमक चावल, सुगंधित, {v}",
         "desc_en": "The black-husked scented rice of the Buddha's land, grown around Siddharthnagar and aged for a year; cooks soft and fragrant. {v} pack.",
         "desc_hi": "बुद्ध की धरती का काली भूसी वाला सुगंधित चावल, सिद्धार्थनगर के आसपास उगाया और एक साल पुराना; पकने पर मुलायम और खुशबूदार। {v} पैक।",
         "price": 220, "mrp": 260, "weight": 1000, "size": (25, 16, 6), "stock": 400, "moq": 2,
         "tiers": [(25, 195), (100, 180)], "variants": [("1 kg", "1 किलो", 1.0), ("5 kg", "5 किलो", 4.75), ("10 kg", "10 किलो", 9.2)]},
        {"title_en": "Kalanamak Brown Rice, Unpolished, {v}",
         "title_hi": "कालानमक भूरा चावल, बिना पॉलिश, {v}",
         "desc_en": "Hand-pounded, unpolished Kalanamak with its bran kept, for fibre and a nutty taste. {v}.",
         "desc_hi": "हाथ से कुटा, बिना पॉलिश कालानमक चावल, चोकर सहित, रेशे और सौंधे स्वाद के लिए। {v}।",
         "price": 240, "mrp": 290, "weight": 1000, "size": (25, 16, 6), "stock": 250, "moq": 2,
         "tiers": [(25, 215)], "variants": [("1 kg", "1 किलो", 1.0), ("5 kg", "5 किलो", 4.75)]},
        {"title_en": "Kalanamak Poha (Flattened Rice), {v}",
         "title_hi": "कालानमक पोहा (चिवड़ा), {v}",
         "desc_en": "Thick poha made from Kalanamak paddy, keeps its aroma after cooking. {v}.",
         "desc_hi": "कालानमक धान से बना मोटा पोहा, पकने के बाद भी खुशबू बनी रहती है। {v}।",
         "price": 150, "mrp": 180, "weight": 500, "size": (22, 15, 5), "stock": 200, "moq": 4,
         "tiers": [(40, 130)], "variants": [("500 g", "500 ग्राम", 1.0), ("1 kg", "1 किलो", 1.9)]},
    ],
}

# Hathras — Hing ------------------------------------------------------------------------------
CRAFTS["Hing (asafoetida)"] = {
    "palette": ["#c9b037", "#6b4e16", "#fbf5dc"], "motif": "cubes",
    "hsn": "0910", "gst": 5,
    "bases": [
        {"title_en": "Hathras Compounded Hing Powder, {v}",
         "title_hi": "हाथरस मिश्रित हींग पाउडर, {v}",
         "desc_en": "Raw asafoetida resin processed in Hathras with wheat flour and gum arabic, strong enough that a pinch flavours a pot of dal. {v} airtight dabba.",
         "desc_hi": "कच्ची हींग की राल को हाथरस में गेहूं के आटे और गोंद के साथ तैयार किया गया; एक चुटकी से पूरी दाल महक जाती है। {v} हवाबंद डिब्बा।",
         "price": 185, "mrp": 230, "weight": 80, "size": (6, 6, 8), "stock": 500, "moq": 6,
         "tiers": [(60, 160), (300, 145)], "variants": [("50 g", "50 ग्राम", 1.0), ("100 g", "100 ग्राम", 1.9), ("250 g", "250 ग्राम", 4.5)]},
        {"title_en": "Pure Hing Crystals (Heeng Dana), {v}",
         "title_hi": "शुद्ध हींग के दाने (हींग दाना), {v}",
         "desc_en": "Uncompounded hing pebbles for those who grind their own; very strong, keep sealed. {v}.",
         "desc_hi": "बिना मिलावट की हींग के दाने, जो खुद पीसना चाहें उनके लिए; बहुत तेज़, बंद रखें। {v}।",
         "price": 650, "mrp": 800, "weight": 40, "size": (5, 5, 7), "stock": 120, "moq": 2,
         "tiers": [(20, 580)], "variants": [("25 g", "25 ग्राम", 1.0), ("50 g", "50 ग्राम", 1.9)]},
        {"title_en": "Hing Goli Digestive Tablets, {v}",
         "title_hi": "हींग गोली पाचक, {v}",
         "desc_en": "Tangy digestive pills of hing, black salt and dried mango; a Hathras bazaar favourite. {v} jar.",
         "desc_hi": "हींग, काला नमक और अमचूर की चटपटी पाचक गोलियां; हाथरस के बाज़ार की पसंद। {v} जार।",
         "price": 90, "mrp": 110, "weight": 150, "size": (6, 6, 9), "stock": 400, "moq": 10,
         "tiers": [(100, 75)], "variants": [("100 g", "100 ग्राम", 1.0), ("250 g", "250 ग्राम", 2.3)]},
    ],
}

# Aligarh — Locks and hardware ------------------------------------------------------------------
CRAFTS["Locks and hardware"] = {
    "palette": ["#2f3e46", "#b08d57", "#e8eaeb"], "motif": "keys",
    "hsn": "8301", "gst": 18,
    "bases": [
        {"title_en": "Aligarh Brass Padlock, 6 Levers, {v}",
         "title_hi": "अलीगढ़ पीतल का ताला, 6 लीवर, {v}",
         "desc_en": "Solid brass body with a hardened steel shackle and six levers; three keys. {v} size.",
         "desc_hi": "ठोस पीतल की बॉडी, कठोर स्टील का कुंडा और छह लीवर; तीन चाबियां। साइज़ {v}।",
         "price": 420, "mrp": 550, "weight": 450, "size": (10, 7, 4), "stock": 200, "moq": 4,
         "tiers": [(50, 360), (200, 320)], "variants": [("50 mm", "50 मिमी", 0.8), ("65 mm", "65 मिमी", 1.0), ("75 mm", "75 मिमी", 1.3)]},
        {"title_en": "Antique Style Door Latch (Kunda), {v}",
         "title_hi": "एंटीक शैली का दरवाज़े का कुंडा, {v}",
         "desc_en": "Cast brass tower bolt and latch for wooden doors, with screws. {v}.",
         "desc_hi": "लकड़ी के दरवाज़ों के लिए ढली पीतल की चटखनी और कुंडा, पेंच सहित। {v}।",
         "price": 280, "mrp": 350, "weight": 300, "size": (18, 6, 3), "stock": 150, "moq": 6,
         "tiers": [(60, 240)], "variants": [("8 inch", "8 इंच", 1.0), ("10 inch", "10 इंच", 1.2), ("12 inch", "12 इंच", 1.45)]},
        {"title_en": "Puzzle Lock, Traditional Trick Padlock, {v}",
         "title_hi": "पहेली ताला, पारंपरिक चालाकी वाला ताला, {v}",
         "desc_en": "A brass lock with a hidden keyhole that opens only in the right sequence; a collector's piece. {v}.",
         "desc_hi": "छिपे हुए छेद वाला पीतल का ताला जो सही क्रम से ही खुलता है; संग्रह करने लायक। {v}।",
         "price": 990, "mrp": 1250, "weight": 500, "size": (12, 8, 5), "stock": 40, "moq": 1,
         "tiers": [(10, 880)], "variants": [("Fish", "मछली आकार", 1.0), ("Elephant", "हाथी आकार", 1.1)]},
    ],
}

# Meerut — Sports goods -------------------------------------------------------------------------
CRAFTS["Sports goods"] = {
    "palette": ["#1d3557", "#e63946", "#f1faee"], "motif": "ball",
    "hsn": "9506", "gst": 12,
    "bases": [
        {"title_en": "English Willow Cricket Bat, {v}",
         "title_hi": "इंग्लिश विलो क्रिकेट बैट, {v}",
         "desc_en": "Pressed, shaped and handle-fitted in Meerut's Suraj Kund sports market; light pick-up and a big edge. {v}.",
         "desc_hi": "मेरठ के सूरजकुंड खेल बाज़ार में दबाया, तराशा और हैंडल लगाया बैट; उठाने में हल्का, मोटा किनारा। {v}।",
         "price": 6500, "mrp": 8000, "weight": 1200, "size": (86, 12, 8), "stock": 15, "moq": 1,
         "tiers": [(10, 5900)], "variants": [("Grade 2", "ग्रेड 2", 1.0), ("Grade 1", "ग्रेड 1", 1.45), ("Grade 3", "ग्रेड 3", 0.75)]},
        {"title_en": "Kashmir Willow Cricket Bat, {v}",
         "title_hi": "कश्मीर विलो क्रिकेट बैट, {v}",
         "desc_en": "Sturdy bat for tennis- and leather-ball practice, with a cane handle. Size {v}.",
         "desc_hi": "टेनिस और लेदर बॉल अभ्यास के लिए मज़बूत बैट, केन का हैंडल। साइज़ {v}।",
         "price": 1450, "mrp": 1800, "weight": 1150, "size": (86, 12, 8), "stock": 60, "moq": 2,
         "tiers": [(20, 1280), (100, 1150)], "variants": [("Full Size", "पूरा साइज़", 1.0), ("Size 6", "साइज़ 6", 0.9), ("Size 4", "साइज़ 4", 0.8)]},
        {"title_en": "Leather Cricket Ball, 4-Piece, {v}",
         "title_hi": "चमड़े की क्रिकेट गेंद, 4-पीस, {v}",
         "desc_en": "Alum-tanned leather ball, hand-stitched seam, 156 g. {v}.",
         "desc_hi": "फिटकरी-टैन चमड़े की गेंद, हाथ से सिली सीवन, 156 ग्राम। {v}।",
         "price": 850, "mrp": 1050, "weight": 170, "size": (8, 8, 8), "stock": 100, "moq": 6,
         "tiers": [(60, 740)], "variants": [("Red", "लाल", 1.0), ("White", "सफ़ेद", 1.05), ("Pink", "गुलाबी", 1.1)]},
        {"title_en": "Cricket Batting Gloves, {v}",
         "title_hi": "क्रिकेट बैटिंग दस्ताने, {v}",
         "desc_en": "Sausage-finger batting gloves with leather palms and cotton towelling inside. {v}.",
         "desc_hi": "चमड़े की हथेली और अंदर सूती तौलिये वाले सॉसेज-फ़िंगर बैटिंग दस्ताने। {v}।",
         "price": 990, "mrp": 1250, "weight": 350, "size": (30, 18, 10), "stock": 70, "moq": 2,
         "tiers": [(20, 880)], "variants": [("Men's", "पुरुष", 1.0), ("Youth", "युवा", 0.9)]},
    ],
}

# Pilibhit — Flutes ---------------------------------------------------------------------------
CRAFTS["Flutes (bansuri)"] = {
    "palette": ["#5f7c3a", "#d9c48f", "#f6f1e1"], "motif": "reeds",
    "hsn": "9205", "gst": 12,
    "bases": [
        {"title_en": "Pilibhit Bamboo Bansuri, Scale {v}",
         "title_hi": "पीलीभीत बांस की बांसुरी, स्केल {v}",
         "desc_en": "Flute from Assam bamboo, holes burnt with hot rods and tuned by ear by a Pilibhit flute-maker family; bound with silk thread. Scale {v}.",
         "desc_hi": "असम के बांस की बांसुरी, पीलीभीत के बांसुरी-कारीगर परिवार ने गरम सलाख से छेद कर कान से सुर मिलाए; रेशमी धागे की बंधाई। स्केल {v}।",
         "price": 650, "mrp": 850, "weight": 150, "size": (70, 5, 5), "stock": 50, "moq": 1,
         "tiers": [(10, 560), (50, 500)], "variants": [("C Natural Medium", "C नेचुरल मध्यम", 1.0), ("G Bass", "G बेस", 1.8), ("A Natural", "A नेचुरल", 0.9), ("E Base", "E बेस", 1.5)]},
        {"title_en": "Beginner Bansuri with Cloth Bag, {v}",
         "title_hi": "शुरुआत करने वालों की बांसुरी, कपड़े के थैले सहित, {v}",
         "desc_en": "An easy-blowing short flute for learners, with a fingering chart in Hindi and English. {v}.",
         "desc_hi": "सीखने वालों के लिए आसानी से बजने वाली छोटी बांसुरी, हिंदी और अंग्रेज़ी में उंगलियों का चार्ट। {v}।",
         "price": 250, "mrp": 350, "weight": 90, "size": (40, 5, 5), "stock": 120, "moq": 2,
         "tiers": [(25, 210)], "variants": [("Key C", "स्केल C", 1.0), ("Key D", "स्केल D", 1.0)]},
    ],
}

# Etah — Ghungroo, bells and brass --------------------------------------------------------------
CRAFTS["Ghungroo, bells and brass products"] = {
    "palette": ["#a67c00", "#7f1d1d", "#fff4d6"], "motif": "bells",
    "hsn": "8306", "gst": 12,
    "bases": [
        {"title_en": "Brass Ghungroo for Kathak, {v}",
         "title_hi": "कथक के लिए पीतल के घुंघरू, {v}",
         "desc_en": "Jalesar brass bells stitched on thick cotton pads with tie cords; a clear, even ring. {v} per foot.",
         "desc_hi": "जलेसर के पीतल के घुंघरू, मोटी सूती गद्दी पर सिले और बांधने की डोरी सहित; साफ़, एक-सी खनक। हर पैर {v}।",
         "price": 1150, "mrp": 1400, "weight": 900, "size": (25, 20, 8), "stock": 40, "moq": 1,
         "tiers": [(10, 1020)], "variants": [("50 bells", "50 घुंघरू", 0.6), ("100 bells", "100 घुंघरू", 1.0), ("150 bells", "150 घुंघरू", 1.4)]},
        {"title_en": "Jalesar Brass Temple Bell, {v}",
         "title_hi": "जलेसर पीतल की मंदिर घंटी, {v}",
         "desc_en": "Hanging temple bell sand-cast in Jalesar with a long, rich tone; chain included. {v}.",
         "desc_hi": "जलेसर में रेत-ढलाई से बनी लटकने वाली मंदिर घंटी, लंबी गूंज; चेन साथ में। {v}।",
         "price": 1350, "mrp": 1700, "weight": 1500, "size": (15, 15, 25), "stock": 30, "moq": 1,
         "tiers": [(10, 1200)], "variants": [("No. 4", "नंबर 4", 0.7), ("No. 6", "नंबर 6", 1.0), ("No. 8", "नंबर 8", 1.5)]},
        {"title_en": "Brass Cow Bells, Set of 3, {v}",
         "title_hi": "पीतल की गाय की घंटियां, 3 का सेट, {v}",
         "desc_en": "Graduated bells on a leather strap, for cattle or as a door chime. {v}.",
         "desc_hi": "चमड़े के पट्टे पर छोटी-बड़ी घंटियां, पशुओं के लिए या दरवाज़े की घंटी के रूप में। {v}।",
         "price": 590, "mrp": 750, "weight": 600, "size": (20, 12, 10), "stock": 60, "moq": 2,
         "tiers": [(24, 510)], "variants": [("Plain", "सादी", 1.0), ("Engraved", "नक्काशीदार", 1.2)]},
    ],
}

# Kushinagar — Banana fibre -------------------------------------------------------------------
CRAFTS["Banana fibre products"] = {
    "palette": ["#8a9a5b", "#d8c39a", "#f7f3e3"], "motif": "weave",
    "hsn": "4602", "gst": 12,
    "bases": [
        {"title_en": "Banana Fibre Handbag, {v}",
         "title_hi": "केले के रेशे का हैंडबैग, {v}",
         "desc_en": "Tote woven by women's self-help groups in Kushinagar from banana stem fibre, cotton lining and a zip pocket. {v}.",
         "desc_hi": "कुशीनगर की महिला स्वयं सहायता समूहों द्वारा केले के तने के रेशे से बुना टोट, सूती अस्तर और ज़िप वाली जेब। {v}।",
         "price": 690, "mrp": 890, "weight": 350, "size": (38, 30, 10), "stock": 45, "moq": 2,
         "tiers": [(20, 600), (100, 540)], "variants": [("Natural", "प्राकृतिक", 1.0), ("Natural with Red", "प्राकृतिक लाल के साथ", 1.0), ("Natural with Indigo", "प्राकृतिक नील के साथ", 1.0)]},
        {"title_en": "Banana Fibre Table Mats, Set of 6, {v}",
         "title_hi": "केले के रेशे की टेबल मैट, 6 का सेट, {v}",
         "desc_en": "Round woven mats that protect the table from hot dishes; wipe clean. {v}.",
         "desc_hi": "गरम बर्तनों से मेज़ बचाने वाली गोल बुनी मैट; पोंछकर साफ़ करें। {v}।",
         "price": 450, "mrp": 590, "weight": 400, "size": (35, 35, 4), "stock": 70, "moq": 2,
         "tiers": [(24, 390)], "variants": [("Natural", "प्राकृतिक", 1.0), ("Two-tone", "दो रंग", 1.05)]},
        {"title_en": "Banana Fibre Yoga Mat, {v}",
         "title_hi": "केले के रेशे की योग चटाई, {v}",
         "desc_en": "Handwoven mat that grips on the floor and breathes; rolls up with a cotton tie. {v}.",
         "desc_hi": "हाथ से बुनी चटाई जो फ़र्श पर टिकी रहती है और हवादार है; सूती डोरी से लपेटें। {v}।",
         "price": 1250, "mrp": 1600, "weight": 1500, "size": (65, 15, 15), "stock": 25, "moq": 1,
         "tiers": [(10, 1100)], "variants": [("6 ft", "6 फ़ुट", 1.0), ("6.5 ft", "6.5 फ़ुट", 1.1)]},
    ],
}

# Jalaun — Handmade paper ---------------------------------------------------------------------
CRAFTS["Handmade paper"] = {
    "palette": ["#a68a64", "#6f5e53", "#fbf7ef"], "motif": "deckle",
    "hsn": "4802", "gst": 12,
    "bases": [
        {"title_en": "Kalpi Handmade Paper Notebook, {v}",
         "title_hi": "कालपी हस्तनिर्मित कागज़ की नोटबुक, {v}",
         "desc_en": "A5 notebook of cotton-rag paper made in Kalpi vats, with deckle edges and a thread-sewn spine. {v}.",
         "desc_hi": "कालपी के हौज़ में बने सूती कतरन के कागज़ की A5 नोटबुक, कच्चे किनारे और धागे से सिली जिल्द। {v}।",
         "price": 280, "mrp": 350, "weight": 300, "size": (22, 16, 2), "stock": 120, "moq": 5,
         "tiers": [(50, 240), (200, 210)], "variants": [("Plain pages", "सादे पन्ने", 1.0), ("Ruled pages", "लाइन वाले पन्ने", 1.0), ("Flower-petal cover", "फूल-पत्ती कवर", 1.15)]},
        {"title_en": "Handmade Paper Sheets, A4, Pack of 25, {v}",
         "title_hi": "हस्तनिर्मित कागज़ की शीट, A4, 25 का पैक, {v}",
         "desc_en": "150 gsm sheets for certificates, invitations and watercolour. {v}.",
         "desc_hi": "प्रमाण-पत्र, निमंत्रण और जलरंग के लिए 150 जीएसएम की शीट। {v}।",
         "price": 350, "mrp": 450, "weight": 700, "size": (31, 22, 2), "stock": 150, "moq": 4,
         "tiers": [(40, 300)], "variants": [("Natural White", "प्राकृतिक सफ़ेद", 1.0), ("Tea Brown", "चाय भूरा", 1.0), ("Marigold", "गेंदा पीला", 1.05)]},
        {"title_en": "Handmade Paper Gift Bags, Pack of 10, {v}",
         "title_hi": "हस्तनिर्मित कागज़ के उपहार थैले, 10 का पैक, {v}",
         "desc_en": "Sturdy bags with cotton rope handles, a plastic-free choice for shops. {v}.",
         "desc_hi": "सूती रस्सी के हत्थों वाले मज़बूत थैले, दुकानों के लिए प्लास्टिक-मुक्त विकल्प। {v}।",
         "price": 420, "mrp": 520, "weight": 600, "size": (30, 24, 4), "stock": 90, "moq": 3,
         "tiers": [(30, 360), (150, 320)], "variants": [("Medium", "मध्यम", 1.0), ("Large", "बड़े", 1.3)]},
    ],
}

# Jhansi — Soft toys --------------------------------------------------------------------------
CRAFTS["Soft toys"] = {
    "palette": ["#f28482", "#84a59d", "#f7ede2"], "motif": "hearts",
    "hsn": "9503", "gst": 12,
    "bases": [
        {"title_en": "Soft Toy Elephant, Cotton, {v}",
         "title_hi": "मुलायम खिलौना हाथी, सूती, {v}",
         "desc_en": "Stitched by Jhansi women's groups in block-printed cotton and stuffed with polyester fibre; no small parts. {v}.",
         "desc_hi": "झांसी के महिला समूहों द्वारा ठप्पा-छपे सूती कपड़े में सिला, पॉलिएस्टर रेशे से भरा; कोई छोटा हिस्सा नहीं। {v}।",
         "price": 390, "mrp": 499, "weight": 250, "size": (25, 15, 20), "stock": 80, "moq": 2,
         "tiers": [(24, 340), (100, 300)], "variants": [("Small", "छोटा", 0.8), ("Medium", "मध्यम", 1.0), ("Large", "बड़ा", 1.5)]},
        {"title_en": "Plush Teddy Bear, {v}",
         "title_hi": "रोएंदार टेडी बियर, {v}",
         "desc_en": "A classic teddy with an embroidered face, safe for babies. {v}.",
         "desc_hi": "कढ़ाई वाले चेहरे का क्लासिक टेडी, छोटे बच्चों के लिए सुरक्षित। {v}।",
         "price": 550, "mrp": 699, "weight": 350, "size": (30, 20, 35), "stock": 60, "moq": 2,
         "tiers": [(24, 480)], "variants": [("Brown", "भूरा", 1.0), ("Cream", "क्रीम", 1.0), ("Pink", "गुलाबी", 1.0)]},
        {"title_en": "Rag Doll Pair, Bundelkhandi Dress, {v}",
         "title_hi": "कपड़े की गुड़िया जोड़ी, बुंदेलखंडी पोशाक, {v}",
         "desc_en": "A boy and girl doll in Bundelkhandi clothes, stitched by hand. {v}.",
         "desc_hi": "बुंदेलखंडी पोशाक में लड़का-लड़की गुड़िया जोड़ी, हाथ से सिली। {v}।",
         "price": 480, "mrp": 600, "weight": 300, "size": (30, 15, 10), "stock": 50, "moq": 2,
         "tiers": [(20, 420)], "variants": [("12 inch", "12 इंच", 1.0), ("18 inch", "18 इंच", 1.4)]},
    ],
}

# Bulandshahr — Ceramic products (Khurja) --------------------------------------------------------
CRAFTS["Ceramic products"] = {
    "palette": ["#1e6091", "#f5f3f4", "#99d98c"], "motif": "glaze",
    "hsn": "6912", "gst": 12,
    "bases": [
        {"title_en": "Khurja Ceramic Dinner Set, 18 Pieces, {v}",
         "title_hi": "खुर्जा सिरेमिक डिनर सेट, 18 पीस, {v}",
         "desc_en": "Six full plates, six quarter plates and six bowls, glazed and fired at high temperature in Khurja; microwave safe. {v} glaze.",
         "desc_hi": "छह बड़ी प्लेट, छह छोटी प्लेट और छह कटोरियां, खुर्जा में ग्लेज़ कर ऊंचे तापमान पर पकाई; माइक्रोवेव में सुरक्षित। {v} ग्लेज़।",
         "price": 2450, "mrp": 3100, "weight": 6500, "size": (40, 30, 25), "stock": 20, "moq": 1,
         "tiers": [(5, 2250), (20, 2050)], "variants": [("Blue Floral", "नीले फूल", 1.0), ("Turquoise", "फ़िरोज़ी", 1.0), ("Speckled White", "चित्तीदार सफ़ेद", 0.95)]},
        {"title_en": "Khurja Pottery Coffee Mugs, Set of 4, {v}",
         "title_hi": "खुर्जा पॉटरी कॉफ़ी मग, 4 का सेट, {v}",
         "desc_en": "Thick-walled stoneware mugs with a reactive glaze that varies mug to mug; 350 ml. {v}.",
         "desc_hi": "मोटी दीवार वाले स्टोनवेयर मग, रिएक्टिव ग्लेज़ जो हर मग में अलग दिखती है; 350 मिली। {v}।",
         "price": 790, "mrp": 990, "weight": 1600, "size": (26, 20, 12), "stock": 60, "moq": 2,
         "tiers": [(24, 690), (100, 620)], "variants": [("Ocean Blue", "समुद्री नीला", 1.0), ("Forest Green", "जंगल हरा", 1.0), ("Rust Brown", "कत्थई", 1.0)]},
        {"title_en": "Ceramic Pickle Jar (Barni), {v}",
         "title_hi": "सिरेमिक अचार बरनी, {v}",
         "desc_en": "The traditional glazed barni with a lid, keeps pickles and ghee without tasting of plastic. {v}.",
         "desc_hi": "ढक्कन वाली पारंपरिक ग्लेज़्ड बरनी, अचार और घी को प्लास्टिक की गंध के बिना रखती है। {v}।",
         "price": 450, "mrp": 560, "weight": 1200, "size": (16, 16, 22), "stock": 80, "moq": 2,
         "tiers": [(24, 390)], "variants": [("1 litre", "1 लीटर", 1.0), ("2 litre", "2 लीटर", 1.5), ("3 litre", "3 लीटर", 1.9)]},
    ],
}

# Farrukhabad — Textile printing --------------------------------------------------------------
CRAFTS["Textile printing"] = {
    "palette": ["#b23a48", "#2b4162", "#f8f1e5"], "motif": "block",
    "hsn": "6302", "gst": 5,
    "bases": [
        {"title_en": "Farrukhabad Hand Block Printed Bedsheet, {v}",
         "title_hi": "फर्रुखाबाद हाथ ठप्पा छपाई चादर, {v}",
         "desc_en": "Double bedsheet in 180-thread-count cotton printed with carved sheesham blocks, with two pillow covers. {v} print.",
         "desc_hi": "180 धागा गिनती के सूती कपड़े पर शीशम के नक्काशीदार ठप्पों से छपी डबल चादर, दो तकिया कवर सहित। {v} छपाई।",
         "price": 1290, "mrp": 1650, "weight": 1100, "size": (35, 28, 6), "stock": 50, "moq": 1,
         "tiers": [(10, 1150), (50, 1020)], "variants": [("Indigo Buti", "नील बूटी", 1.0), ("Red Jaal", "लाल जाल", 1.0), ("Mughal Floral", "मुग़ल फूलदार", 1.05), ("Paisley", "कैरी", 1.0)]},
        {"title_en": "Block Printed Cotton Stole, {v}",
         "title_hi": "ठप्पा छपाई सूती स्टोल, {v}",
         "desc_en": "Light cotton stole printed with Farrukhabad's tree-of-life blocks, 2 m. {v}.",
         "desc_hi": "फर्रुखाबाद के जीवन-वृक्ष ठप्पों से छपा हल्का सूती स्टोल, 2 मीटर। {v}।",
         "price": 450, "mrp": 590, "weight": 150, "size": (25, 20, 3), "stock": 100, "moq": 2,
         "tiers": [(25, 390), (100, 350)], "variants": [("Indigo", "नील", 1.0), ("Madder Red", "मजीठ लाल", 1.0), ("Black and Ivory", "काला-हाथीदांत", 1.0)]},
        {"title_en": "Block Printed Table Cover, {v}",
         "title_hi": "ठप्पा छपाई मेज़पोश, {v}",
         "desc_en": "Table cover for a six-seater, printed by hand in natural dyes. {v}.",
         "desc_hi": "छह कुर्सियों वाली मेज़ के लिए मेज़पोश, प्राकृतिक रंगों से हाथ से छपा। {v}।",
         "price": 890, "mrp": 1100, "weight": 600, "size": (30, 25, 5), "stock": 40, "moq": 1,
         "tiers": [(10, 790)], "variants": [("Indigo", "नील", 1.0), ("Red Floral", "लाल फूलदार", 1.0)]},
    ],
}

# Mahoba — Gaura stone craft --------------------------------------------------------------------
CRAFTS["Gaura stone craft"] = {
    "palette": ["#e8e1d5", "#8d7b68", "#c5b49a"], "motif": "stone",
    "hsn": "6802", "gst": 12,
    "bases": [
        {"title_en": "Mahoba Gaura Stone Candle Stand, {v}",
         "title_hi": "महोबा गौरा पत्थर कैंडल स्टैंड, {v}",
         "desc_en": "Carved from soft white Gaura stone quarried near Mahoba, with a pierced lattice that throws patterns of light. {v}.",
         "desc_hi": "महोबा के पास निकलने वाले मुलायम सफ़ेद गौरा पत्थर से तराशा, जालीदार कटाई से रोशनी के सुंदर पैटर्न बनते हैं। {v}।",
         "price": 690, "mrp": 850, "weight": 800, "size": (12, 12, 12), "stock": 40, "moq": 2,
         "tiers": [(20, 600)], "variants": [("Round", "गोल", 1.0), ("Square", "चौकोर", 1.0), ("Lotus", "कमल", 1.15)]},
        {"title_en": "Gaura Stone Carved Elephant, {v}",
         "title_hi": "गौरा पत्थर का तराशा हाथी, {v}",
         "desc_en": "A small elephant with a baby carved inside its pierced body, from one block of stone. {v}.",
         "desc_hi": "एक ही पत्थर से तराशा छोटा हाथी, जिसके जालीदार पेट के अंदर बच्चा हाथी बना है। {v}।",
         "price": 1150, "mrp": 1400, "weight": 900, "size": (14, 8, 11), "stock": 20, "moq": 1,
         "tiers": [(10, 1020)], "variants": [("4 inch", "4 इंच", 1.0), ("6 inch", "6 इंच", 1.6)]},
        {"title_en": "Gaura Stone Coasters, Set of 4, {v}",
         "title_hi": "गौरा पत्थर के कोस्टर, 4 का सेट, {v}",
         "desc_en": "Polished stone coasters with felt backs and an inlaid motif. {v}.",
         "desc_hi": "पॉलिश किए पत्थर के कोस्टर, नीचे फ़ेल्ट और ऊपर जड़ाई का नमूना। {v}।",
         "price": 490, "mrp": 620, "weight": 700, "size": (12, 12, 6), "stock": 50, "moq": 2,
         "tiers": [(24, 420)], "variants": [("Peacock", "मोर", 1.0), ("Floral", "फूलदार", 1.0)]},
    ],
}

# Amroha — Dholak ---------------------------------------------------------------------------------
CRAFTS["Musical instruments (dholak)"] = {
    "palette": ["#7f4f24", "#e76f51", "#fefae0"], "motif": "drum",
    "hsn": "9206", "gst": 12,
    "bases": [
        {"title_en": "Amroha Sheesham Dholak, {v}",
         "title_hi": "अमरोहा शीशम ढोलक, {v}",
         "desc_en": "Shell hollowed from a single sheesham log, goat-skin heads and cotton rope tuning with steel rings; comes with a padded bag. {v}.",
         "desc_hi": "शीशम के एक ही लट्ठे को खोखला कर बना खोल, बकरी की खाल के पुड़े और स्टील छल्लों वाली सूती रस्सी से सुर; गद्देदार थैला साथ में। {v}।",
         "price": 3200, "mrp": 3900, "weight": 4500, "size": (50, 30, 30), "stock": 15, "moq": 1,
         "tiers": [(5, 2950)], "variants": [("Standard", "मानक", 1.0), ("Bolt Tuned", "बोल्ट ट्यूनिंग", 1.3), ("Kids", "बच्चों की", 0.5)]},
        {"title_en": "Mango Wood Dholak, Rope Tuned, {v}",
         "title_hi": "आम की लकड़ी की ढोलक, रस्सी से सुर, {v}",
         "desc_en": "A lighter dholak for bhajan mandalis and wedding songs. {v}.",
         "desc_hi": "भजन मंडलियों और शादी के गीतों के लिए हल्की ढोलक। {v}।",
         "price": 1850, "mrp": 2300, "weight": 3500, "size": (45, 28, 28), "stock": 25, "moq": 1,
         "tiers": [(6, 1700)], "variants": [("Red Lacquer", "लाल लाख", 1.0), ("Natural", "प्राकृतिक", 0.95)]},
    ],
}

# Sambhal — Horn and bone craft --------------------------------------------------------------------
CRAFTS["Horn and bone craft"] = {
    "palette": ["#3b2f2f", "#c8b6a6", "#f5efe6"], "motif": "inlay",
    "hsn": "9601", "gst": 12,
    "bases": [
        {"title_en": "Sambhal Horn Comb, Handmade, {v}",
         "title_hi": "संभल सींग की कंघी, हस्तनिर्मित, {v}",
         "desc_en": "Comb cut and polished by hand from naturally shed buffalo horn; gentle on the scalp, no static. {v}.",
         "desc_hi": "प्राकृतिक रूप से गिरे भैंस के सींग से हाथ से काटी और पॉलिश की कंघी; सिर पर कोमल, बालों में बिजली नहीं। {v}।",
         "price": 290, "mrp": 380, "weight": 40, "size": (18, 5, 1), "stock": 150, "moq": 5,
         "tiers": [(50, 240), (200, 210)], "variants": [("Wide tooth", "मोटे दांत", 1.0), ("Fine tooth", "बारीक दांत", 1.0), ("Beard comb", "दाढ़ी कंघी", 0.8)]},
        {"title_en": "Horn Inlay Serving Bowl, {v}",
         "title_hi": "सींग जड़ाई वाला सर्विंग कटोरा, {v}",
         "desc_en": "Mango wood bowl inlaid with horn and bone in a geometric pattern; for dry snacks. {v}.",
         "desc_hi": "आम की लकड़ी का कटोरा, सींग और हड्डी की ज्यामितीय जड़ाई; सूखे नाश्ते के लिए। {v}।",
         "price": 950, "mrp": 1200, "weight": 500, "size": (22, 22, 9), "stock": 30, "moq": 1,
         "tiers": [(12, 850)], "variants": [("Black and White", "काला-सफ़ेद", 1.0), ("Natural", "प्राकृतिक", 1.0)]},
    ],
}

# Rampur — Applique and patchwork ------------------------------------------------------------------
CRAFTS["Applique and patchwork with zari"] = {
    "palette": ["#d62828", "#003049", "#fcbf49"], "motif": "patch",
    "hsn": "6304", "gst": 12,
    "bases": [
        {"title_en": "Rampur Applique Wall Hanging, {v}",
         "title_hi": "रामपुर एप्लिक दीवार सज्जा, {v}",
         "desc_en": "Cut-cloth applique of birds and flowers, edged with zari, on a cotton base with a rod pocket. {v}.",
         "desc_hi": "सूती आधार पर पक्षियों और फूलों का कटे कपड़े का एप्लिक, ज़री की किनारी और डंडा डालने की जेब। {v}।",
         "price": 1150, "mrp": 1450, "weight": 500, "size": (35, 30, 4), "stock": 25, "moq": 1,
         "tiers": [(10, 1020)], "variants": [("2 x 3 ft", "2 x 3 फ़ुट", 1.0), ("3 x 4 ft", "3 x 4 फ़ुट", 1.6)]},
        {"title_en": "Patchwork Quilt Cover, {v}",
         "title_hi": "पैचवर्क रज़ाई कवर, {v}",
         "desc_en": "Double quilt cover pieced from cotton squares with zari-edged applique in the centre. {v}.",
         "desc_hi": "सूती चौकोर टुकड़ों से जोड़ा डबल रज़ाई कवर, बीच में ज़री किनारी वाला एप्लिक। {v}।",
         "price": 1650, "mrp": 2100, "weight": 1200, "size": (40, 30, 8), "stock": 20, "moq": 1,
         "tiers": [(10, 1480)], "variants": [("Red and Gold", "लाल-सुनहरा", 1.0), ("Blue and Gold", "नीला-सुनहरा", 1.0)]},
    ],
}

# Pratapgarh — Amla products -------------------------------------------------------------------
CRAFTS["Amla products"] = {
    "palette": ["#6a994e", "#f2e8cf", "#bc4749"], "motif": "grains",
    "hsn": "2008", "gst": 12,
    "bases": [
        {"title_en": "Pratapgarh Amla Murabba, {v}",
         "title_hi": "प्रतापगढ़ आँवला मुरब्बा, {v}",
         "desc_en": "Whole Banarasi amlas pricked and slow-cooked in sugar syrup, the way Pratapgarh families make it. {v} jar.",
         "desc_hi": "पूरे बनारसी आँवले गोदकर चाशनी में धीमी आंच पर पकाए, जैसे प्रतापगढ़ के घरों में बनता है। {v} जार।",
         "price": 210, "mrp": 260, "weight": 1100, "size": (12, 12, 15), "stock": 200, "moq": 4,
         "tiers": [(48, 180)], "variants": [("1 kg", "1 किलो", 1.0), ("500 g", "500 ग्राम", 0.55)]},
        {"title_en": "Amla Candy, {v}",
         "title_hi": "आँवला कैंडी, {v}",
         "desc_en": "Sun-dried amla pieces coated in sugar; sweet-sour and full of vitamin C. {v}.",
         "desc_hi": "धूप में सुखाए आँवले के टुकड़े, चीनी में लिपटे; खट्टे-मीठे और विटामिन सी से भरपूर। {v}।",
         "price": 140, "mrp": 180, "weight": 280, "size": (16, 10, 5), "stock": 300, "moq": 6,
         "tiers": [(60, 120)], "variants": [("Sweet", "मीठी", 1.0), ("Masala", "मसालेदार", 1.0), ("Ginger", "अदरक वाली", 1.05)]},
        {"title_en": "Amla Juice, Cold Pressed, {v}",
         "title_hi": "आँवला रस, कोल्ड प्रेस्ड, {v}",
         "desc_en": "Pure amla juice without added sugar; dilute with water. {v}.",
         "desc_hi": "बिना चीनी का शुद्ध आँवला रस; पानी मिलाकर पिएं। {v}।",
         "price": 190, "mrp": 240, "weight": 1100, "size": (9, 9, 28), "stock": 150, "moq": 6,
         "tiers": [(48, 165)], "variants": [("1 litre", "1 लीटर", 1.0), ("500 ml", "500 मिली", 0.55)]},
    ],
}

# Auraiya — Desi ghee ----------------------------------------------------------------------------
CRAFTS["Desi ghee (dairy processing)"] = {
    "palette": ["#e9c46a", "#8d5524", "#fffbe6"], "motif": "drops",
    "hsn": "0405", "gst": 12,
    "bases": [
        {"title_en": "Auraiya Desi Cow Ghee, Bilona Method, {v}",
         "title_hi": "औरैया देसी गाय का घी, बिलोना विधि, {v}",
         "desc_en": "Curd churned by hand into butter and slowly heated over wood fire into grainy ghee with a nutty smell. {v} glass jar.",
         "desc_hi": "दही को हाथ से बिलोकर मक्खन, फिर लकड़ी की धीमी आंच पर दानेदार, सौंधी खुशबू वाला घी। {v} कांच का जार।",
         "price": 1150, "mrp": 1400, "weight": 1100, "size": (11, 11, 15), "stock": 80, "moq": 1,
         "tiers": [(12, 1050), (50, 980)], "variants": [("1 litre", "1 लीटर", 1.0), ("500 ml", "500 मिली", 0.55), ("250 ml", "250 मिली", 0.3)]},
        {"title_en": "Buffalo Ghee, Danedar, {v}",
         "title_hi": "भैंस का घी, दानेदार, {v}",
         "desc_en": "Rich white buffalo ghee from village dairies around Auraiya, good for sweets. {v} tin.",
         "desc_hi": "औरैया के आसपास की ग्रामीण डेयरियों का गाढ़ा सफ़ेद भैंस का घी, मिठाइयों के लिए बढ़िया। {v} टिन।",
         "price": 720, "mrp": 850, "weight": 1050, "size": (11, 11, 15), "stock": 120, "moq": 2,
         "tiers": [(24, 660)], "variants": [("1 litre", "1 लीटर", 1.0), ("5 litre", "5 लीटर", 4.8)]},
    ],
}

# Barabanki — Textile products (handloom) --------------------------------------------------------
CRAFTS["Textile products (handloom)"] = {
    "palette": ["#264653", "#e9c46a", "#f4f1de"], "motif": "border",
    "hsn": "6214", "gst": 5,
    "bases": [
        {"title_en": "Barabanki Handloom Cotton Stole, {v}",
         "title_hi": "बाराबंकी हथकरघा सूती स्टोल, {v}",
         "desc_en": "Soft stole woven in Zaidpur with a check border and knotted tassels. {v}.",
         "desc_hi": "ज़ैदपुर में बुना मुलायम स्टोल, चारखाना बॉर्डर और गांठदार फुंदने। {v}।",
         "price": 480, "mrp": 620, "weight": 150, "size": (25, 20, 3), "stock": 90, "moq": 2,
         "tiers": [(25, 420)], "variants": [("Indigo", "नील", 1.0), ("Mustard", "सरसों पीला", 1.0), ("Grey", "स्लेटी", 1.0)]},
        {"title_en": "Handloom Cotton Gamchha, Pack of 3, {v}",
         "title_hi": "हथकरघा सूती गमछा, 3 का पैक, {v}",
         "desc_en": "Quick-drying checked gamchhas woven on village looms. {v}.",
         "desc_hi": "गांव के करघों पर बुने जल्दी सूखने वाले चारखाना गमछे। {v}।",
         "price": 320, "mrp": 420, "weight": 450, "size": (28, 22, 6), "stock": 150, "moq": 3,
         "tiers": [(30, 270)], "variants": [("Red Check", "लाल चारखाना", 1.0), ("Green Check", "हरा चारखाना", 1.0)]},
    ],
}

# Ghazipur — Jute wall hangings -------------------------------------------------------------------
CRAFTS["Jute wall hangings"] = {
    "palette": ["#a98467", "#6c584c", "#f0ead2"], "motif": "weave",
    "hsn": "5609", "gst": 12,
    "bases": [
        {"title_en": "Ghazipur Jute Macrame Wall Hanging, {v}",
         "title_hi": "गाजीपुर जूट मैक्रेमे दीवार सज्जा, {v}",
         "desc_en": "Knotted by hand from natural jute on a wooden dowel, with fringes and wooden beads. {v}.",
         "desc_hi": "लकड़ी के डंडे पर प्राकृतिक जूट से हाथ से गांठी, झालर और लकड़ी के मोती। {v}।",
         "price": 690, "mrp": 890, "weight": 400, "size": (35, 30, 5), "stock": 40, "moq": 2,
         "tiers": [(20, 600)], "variants": [("Small", "छोटा", 0.7), ("Medium", "मध्यम", 1.0), ("Large", "बड़ा", 1.5)]},
        {"title_en": "Jute Wall Hanging, Ganesha Design, {v}",
         "title_hi": "जूट दीवार सज्जा, गणेश डिज़ाइन, {v}",
         "desc_en": "Woven jute panel with Ganesha worked in coloured jute thread; for the entrance. {v}.",
         "desc_hi": "रंगीन जूट धागे से बने गणेश वाला बुना जूट पैनल; प्रवेश द्वार के लिए। {v}।",
         "price": 550, "mrp": 700, "weight": 350, "size": (35, 25, 4), "stock": 45, "moq": 2,
         "tiers": [(20, 480)], "variants": [("Natural", "प्राकृतिक", 1.0), ("Red and Yellow", "लाल-पीला", 1.0)]},
    ],
}

# Amethi / Sultanpur / Prayagraj — Moonj ----------------------------------------------------------
CRAFTS["Moonj products"] = {
    "palette": ["#bc6c25", "#dda15e", "#fefae0"], "motif": "coil",
    "hsn": "4602", "gst": 12,
    "bases": [
        {"title_en": "Moonj Grass Basket with Lid, {v}",
         "title_hi": "ढक्कन वाली मूंज की डलिया, {v}",
         "desc_en": "Coiled from sarpat grass and wrapped in dyed moonj by women artisans; for rotis, fruit or storage. {v}.",
         "desc_hi": "सरपत घास को लपेटकर रंगी मूंज से बनाई डलिया, महिला कारीगरों के हाथ की; रोटी, फल या सामान रखने के लिए। {v}।",
         "price": 390, "mrp": 490, "weight": 300, "size": (22, 22, 15), "stock": 70, "moq": 2,
         "tiers": [(24, 340), (100, 300)], "variants": [("Small", "छोटी", 0.7), ("Medium", "मध्यम", 1.0), ("Large", "बड़ी", 1.4)]},
        {"title_en": "Moonj Coasters and Tray Set, {v}",
         "title_hi": "मूंज कोस्टर और ट्रे सेट, {v}",
         "desc_en": "A round tray with six coasters in natural and pink moonj. {v}.",
         "desc_hi": "प्राकृतिक और गुलाबी मूंज में एक गोल ट्रे और छह कोस्टर। {v}।",
         "price": 450, "mrp": 560, "weight": 350, "size": (30, 30, 5), "stock": 50, "moq": 2,
         "tiers": [(20, 390)], "variants": [("Pink", "गुलाबी", 1.0), ("Green", "हरा", 1.0)]},
    ],
}

# Mau — Powerloom textiles ------------------------------------------------------------------------
CRAFTS["Powerloom textiles"] = {
    "palette": ["#5e548e", "#e0b1cb", "#f7f0f5"], "motif": "stripes",
    "hsn": "5208", "gst": 5,
    "bases": [
        {"title_en": "Mau Cotton Saree, Printed, {v}",
         "title_hi": "मऊ सूती साड़ी, छपी हुई, {v}",
         "desc_en": "Everyday cotton saree woven on Mau's powerlooms and printed in fast colours, 5.5 m. {v}.",
         "desc_hi": "मऊ के पावरलूम पर बुनी और पक्के रंगों में छपी रोज़ की सूती साड़ी, 5.5 मीटर। {v}।",
         "price": 450, "mrp": 599, "weight": 450, "size": (32, 25, 4), "stock": 200, "moq": 5,
         "tiers": [(50, 390), (200, 350)], "variants": SAREE_COLOURS[:6]},
        {"title_en": "Polyester-Cotton Shirting Fabric, {v}, per 2.25 m",
         "title_hi": "पॉलिएस्टर-सूती शर्टिंग कपड़ा, {v}, 2.25 मीटर",
         "desc_en": "Easy-care shirting length from Mau, enough for one full-sleeve shirt. {v}.",
         "desc_hi": "मऊ का आसानी से संभलने वाला शर्टिंग कपड़ा, एक पूरी बांह की कमीज़ के लिए काफ़ी। {v}।",
         "price": 380, "mrp": 480, "weight": 300, "size": (30, 22, 3), "stock": 250, "moq": 10,
         "tiers": [(100, 320)], "variants": [("Sky Blue", "आसमानी", 1.0), ("White", "सफ़ेद", 1.0), ("Checks", "चारखाना", 1.0)]},
    ],
}

# More bases for the crafts several sellers share --------------------------------------------
CRAFTS["Carpets"]["bases"] += [
    {"title_en": "Woollen Prayer Rug (Janamaz), {v}",
     "title_hi": "ऊनी जानमाज़, {v}",
     "desc_en": "A hand-knotted prayer rug with a mihrab arch, soft underfoot and easy to fold. {v}; 2 x 4 ft.",
     "desc_hi": "मेहराब वाले डिज़ाइन की हाथ से गांठी जानमाज़, पैरों के नीचे मुलायम और तह करने में आसान। {v}; 2 x 4 फ़ुट।",
     "price": 2400, "mrp": 2900, "weight": 1500, "size": (40, 20, 15), "stock": 30, "moq": 1,
     "tiers": [(10, 2150), (40, 1950)], "variants": [("Green", "हरा", 1.0), ("Maroon", "मैरून", 1.0), ("Navy", "गहरा नीला", 1.0)]},
    {"title_en": "Round Jute and Wool Rug, Handwoven, {v}",
     "title_hi": "गोल जूट-ऊन दरी, हाथ से बुनी, {v}",
     "desc_en": "Braided jute with bands of wool, for a sitting area or under a round table. Diameter {v}.",
     "desc_hi": "ऊन की पट्टियों वाली गुंथी जूट की गोल दरी, बैठक या गोल मेज़ के नीचे के लिए। व्यास {v}।",
     "price": 2200, "mrp": 2750, "weight": 3000, "size": (50, 25, 25), "stock": 20, "moq": 1,
     "tiers": [(10, 1990)], "variants": [("4 ft", "4 फ़ुट", 1.0), ("5 ft", "5 फ़ुट", 1.5), ("6 ft", "6 फ़ुट", 2.1)]},
]
CRAFTS["Wood carving"]["bases"] += [
    {"title_en": "Carved Wooden Elephant Bookends, {v}",
     "title_hi": "नक्काशीदार लकड़ी के हाथी बुकएंड, {v}",
     "desc_en": "A pair of elephants carved in the round to hold books on a shelf, with felt under the base. {v}.",
     "desc_hi": "ताक पर किताबें थामने के लिए चारों ओर से तराशे हाथियों की जोड़ी, नीचे फ़ेल्ट। {v}।",
     "price": 1250, "mrp": 1550, "weight": 1800, "size": (20, 12, 18), "stock": 25, "moq": 1,
     "tiers": [(10, 1100)], "variants": WOOD},
    {"title_en": "Coffee Table with Carved Top, {v}",
     "title_hi": "नक्काशीदार ऊपरी सतह वाली कॉफ़ी टेबल, {v}",
     "desc_en": "Low table whose top is carved with a Mughal flower panel under a clear lacquer; legs unscrew for shipping. {v}.",
     "desc_hi": "नीची मेज़ जिसकी ऊपरी सतह पर मुग़ल फूलों का नक्काशीदार पैनल है, ऊपर पारदर्शी लैकर; भेजने के लिए पाये खुल जाते हैं। {v}।",
     "price": 11500, "mrp": 14000, "weight": 14000, "size": (92, 62, 20), "stock": 4, "moq": 1,
     "tiers": [], "variants": WOOD[:2]},
]
CRAFTS["Perfume (itra)"]["bases"] += [
    {"title_en": "Khus (Vetiver) Attar, Cooling, {v}",
     "title_hi": "खस इत्र, ठंडक देने वाला, {v}",
     "desc_en": "Earthy, green attar of vetiver roots, the classic summer scent of north India. {v}.",
     "desc_hi": "खस की जड़ों का मिट्टी जैसी हरी खुशबू वाला इत्र, उत्तर भारत की गर्मियों की पारंपरिक खुशबू। {v}।",
     "price": 720, "mrp": 900, "weight": 60, "size": (6, 6, 10), "stock": 60, "moq": 1,
     "tiers": [(12, 650)], "variants": ATTAR_SIZES},
    {"title_en": "Mogra (Jasmine) Attar, {v}",
     "title_hi": "मोगरा इत्र, {v}",
     "desc_en": "Night-picked mogra buds distilled the same morning; sweet and heady. {v}.",
     "desc_hi": "रात में तोड़ी मोगरे की कलियां उसी सुबह आसवित; मीठी और गहरी खुशबू। {v}।",
     "price": 780, "mrp": 950, "weight": 60, "size": (6, 6, 10), "stock": 50, "moq": 1,
     "tiers": [(12, 700)], "variants": ATTAR_SIZES},
]
CRAFTS["Leather products"]["bases"] += [
    {"title_en": "Hand-Stitched Leather Belt, {v}",
     "title_hi": "हाथ से सिली चमड़े की बेल्ट, {v}",
     "desc_en": "Full-grain belt, 35 mm wide, with a solid brass buckle and edges burnished by hand. {v}.",
     "desc_hi": "फ़ुल-ग्रेन चमड़े की 35 मिमी चौड़ी बेल्ट, ठोस पीतल का बकल और हाथ से घिसे किनारे। {v}।",
     "price": 790, "mrp": 990, "weight": 220, "size": (20, 12, 5), "stock": 80, "moq": 2,
     "tiers": [(25, 690), (100, 620)], "variants": [("Tan", "टैन", 1.0), ("Dark Brown", "गहरा भूरा", 1.0), ("Black", "काला", 1.0), ("Oxblood", "गहरा लाल", 1.05)]},
]
CRAFTS["Jaggery"]["bases"] += [
    {"title_en": "Liquid Jaggery (Gur ki Raab), {v}",
     "title_hi": "तरल गुड़ (गुड़ की राब), {v}",
     "desc_en": "Thick golden syrup taken off the pan before it sets; pour over rotis, pancakes or curd. {v} bottle.",
     "desc_hi": "जमने से पहले कड़ाहे से उतारी गाढ़ी सुनहरी राब; रोटी, चीला या दही पर डालें। {v} बोतल।",
     "price": 180, "mrp": 220, "weight": 600, "size": (8, 8, 20), "stock": 150, "moq": 4,
     "tiers": [(48, 155)], "variants": [("500 g", "500 ग्राम", 1.0), ("1 kg", "1 किलो", 1.85)]},
]
CRAFTS["Wooden toys"]["bases"] += [
    {"title_en": "Lacquered Baby Rattle (Jhunjhuna), {v}",
     "title_hi": "लाख रंगा बच्चों का झुनझुना, {v}",
     "desc_en": "A turned rattle with a smooth handle for small hands; the lac colour is plant-based and non-toxic. {v}.",
     "desc_hi": "छोटे हाथों के लिए चिकने हत्थे वाला खराद पर बना झुनझुना; लाख का रंग वनस्पति से बना और सुरक्षित। {v}।",
     "price": 220, "mrp": 290, "weight": 120, "size": (15, 6, 6), "stock": 100, "moq": 4,
     "tiers": [(40, 185)], "variants": TOY_COLOURS},
]
