// The page's Content-Security-Policy forbids eval. zod would otherwise probe for it with Function('') on its first
// parse (caught, but reported by the browser as a violation) to compile faster validators the forms do not need.
import { z } from 'zod';

z.config({ jitless: true });
