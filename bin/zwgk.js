#!/usr/bin/env node
// Thin launcher: all behaviour lives in the library so tests can run it in-process.
import { runFromProcess } from "../dist/cli/main.js";

runFromProcess();
