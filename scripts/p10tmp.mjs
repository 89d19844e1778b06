import { loadRulebook } from "../dist/rules/load.js";
const m0 = process.memoryUsage();
const t = performance.now();
const rb = await loadRulebook("rules/chongqing-2021.yaml");
const m1 = process.memoryUsage();
gc();
const m2 = process.memoryUsage();
console.log("ms", (performance.now()-t)|0, "rss", m0.rss>>20, m1.rss>>20, m2.rss>>20, "heapUsed", m0.heapUsed>>20, m1.heapUsed>>20, m2.heapUsed>>20);
