// The collector's version, stamped into every manifest and sent with every upload.
import pkg from '../package.json' with { type: 'json' };

export const toolVersion: string = pkg.version;
