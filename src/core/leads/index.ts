/** Sample leads: CSV import and export, and a seeded generator of realistic (and tricky) leads. */
export {
	parseLeadsCsv,
	leadsToCsv,
	parseCsvValue,
	matchCsvHeader,
	type CsvImport,
	type CsvColumn,
	type CsvTarget,
	type CsvRowError,
	type CsvValue,
	type ParseLeadsCsvOptions,
	type LeadsToCsvOptions
} from './csv';
export {
	generateLeads,
	seededRandom,
	TRICKY_LEADS,
	trickyNotes,
	type GenerateLeadsOptions
} from './generate';
