#!/bin/sh
# Regenerates index.ts from operations/*.ts (one operation per file).
cd "$(dirname "$0")"
{
  echo "/** IAM's operations: one file each under operations/ (regenerate with ./gen-index.sh). */"
  echo "import type { AnyOperation } from '../operation.js';"
  for f in $(ls operations/*.ts | grep -v '\.test\.ts$' | sort); do n=$(basename "$f" .ts); echo "import $n from './operations/$n.js';"; done
  echo ""
  echo "export const iamOperations: AnyOperation[] = ["
  for f in $(ls operations/*.ts | grep -v '\.test\.ts$' | sort); do n=$(basename "$f" .ts); echo "  $n,"; done
  echo "];"
} > index.ts
