# An ML-1M-sized synthetic interaction file in the SASRec format (one 'user item' pair per line, each user's lines in
# time order) for timing `desk recs evaluate` on a large file (README, Recommendations: large file). ML-1M itself is
# not in ../shared/data. Usage: python3 tests/bench/make-ml1m-like.py OUT.txt  (about 45 s; 901,238 lines).
import random
import sys
random.seed(7)
U, I = 6040, 3416
G = 18
genre = [random.randrange(G) for _ in range(I)]
bygenre = [[i for i in range(I) if genre[i] == g] for g in range(G)]
w = [1.0 / (r + 1) ** 0.9 for r in range(I)]
order = list(range(I)); random.shuffle(order)
pop = [0.0] * I
for r, i in enumerate(order): pop[i] = w[r]
gw = [[pop[i] for i in bygenre[g]] for g in range(G)]
out = open(sys.argv[1], 'w')
n = 0
for u in range(1, U + 1):
    L = max(20, int(random.lognormvariate(5.3, 0.9)))
    L = min(L, 2000)
    likes = random.sample(range(G), 3)
    seen = set()
    cur = random.choice(likes)
    for t in range(L):
        if random.random() < 0.15: cur = random.choice(likes)
        if random.random() < 0.2:
            i = random.choices(range(I), weights=pop)[0]
        else:
            i = random.choices(bygenre[cur], weights=gw[cur])[0]
        if i in seen: continue
        seen.add(i)
        out.write(f"{u} {i + 1}\n"); n += 1
print(n)
