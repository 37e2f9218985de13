/** Connects S3 to the server at start-up (blob store directory, ...). */
import type { Deps } from '../../server/deps.js';

export async function wireS3(deps: Deps): Promise<void> {
  void deps;
}
