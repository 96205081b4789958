// Loads the TypeScript reporter through tsx: node loads --test-reporter modules before tsx's --import hooks apply.
import { tsImport } from 'tsx/esm/api';

const { default: summaryReporter } = await tsImport('./summary-reporter.ts', import.meta.url);
export default summaryReporter;
