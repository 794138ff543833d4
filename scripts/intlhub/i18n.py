"""UI strings, page slugs and locale-aware formatting for the site languages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALES = {"pt": "pt_PT", "en": "en_GB"}
LANGUAGE_NAMES = {"pt": "Português", "en": "English"}

# Where each kind of page lives, per language. Keys are stable; values are the URL slugs.
SLUGS = {
    "programme": {"pt": "programa", "en": "programme"},
    "calls": {"pt": "concursos", "en": "calls"},
    "how-to-apply": {"pt": "como-candidatar", "en": "how-to-apply"},
    "faq": {"pt": "perguntas-frequentes", "en": "faq"},
    "glossary": {"pt": "glossario", "en": "glossary"},
    "contacts": {"pt": "contactos", "en": "contacts"},
    "markets": {"pt": "mercados", "en": "markets"},
    "projects": {"pt": "projetos", "en": "projects"},
    "organisations": {"pt": "organizacoes", "en": "organisations"},
    "about": {"pt": "sobre", "en": "about"},
    "privacy": {"pt": "privacidade", "en": "privacy"},
    "accessibility": {"pt": "acessibilidade", "en": "accessibility"},
    "search": {"pt": "pesquisa", "en": "search"},
    "page": {"pt": "pagina", "en": "page"},
}

STRINGS: dict[str, dict[str, str]] = {
    "home": {"pt": "Início", "en": "Home"},
    "programme": {"pt": "O programa", "en": "The programme"},
    "calls": {"pt": "Concursos", "en": "Calls"},
    "how-to-apply": {"pt": "Como candidatar", "en": "How to apply"},
    "faq": {"pt": "Perguntas frequentes", "en": "Frequently asked questions"},
    "glossary": {"pt": "Glossário", "en": "Glossary"},
    "contacts": {"pt": "Contactos", "en": "Contacts"},
    "markets": {"pt": "Mercados", "en": "Markets"},
    "projects": {"pt": "Projetos", "en": "Projects"},
    "organisations": {"pt": "Organizações", "en": "Organisations"},
    "about": {"pt": "Sobre", "en": "About"},
    "privacy": {"pt": "Privacidade", "en": "Privacy"},
    "accessibility": {"pt": "Declaração de acessibilidade", "en": "Accessibility statement"},
    "search": {"pt": "Pesquisar", "en": "Search"},
    "search_placeholder": {"pt": "Pesquisar no sítio", "en": "Search the site"},
    "search_file_message": {
        "pt": "A pesquisa só funciona com o sítio servido por um servidor web (http). "
        "Aberto a partir de ficheiros locais, use o menu e as ligações.",
        "en": "Search works only when the site is served over http. "
        "Opened from local files, use the menu and the links.",
    },
    "search_noscript": {
        "pt": "A pesquisa precisa de JavaScript. Use o menu e as ligações.",
        "en": "Search needs JavaScript. Use the menu and the links.",
    },
    "example": {"pt": "Exemplo", "en": "Example"},
    "example_note": {
        "pt": "Registo de exemplo, fictício: mostra o formato e não descreve um projeto real.",
        "en": "Example record, fictitious: it shows the layout and does not describe a real project.",
    },
    "verified": {
        "pt": "Verificado pela autoridade de gestão",
        "en": "Verified by the managing authority",
    },
    "self-reported": {
        "pt": "Declarado pelo beneficiário",
        "en": "Self-reported by the beneficiary",
    },
    "not_stated": {"pt": "não indicado nas fontes", "en": "not stated in the sources"},
    "not_written": {"pt": "Ainda não escrito.", "en": "Not yet written."},
    "source": {"pt": "Fonte", "en": "Source"},
    "sources": {"pt": "Fontes", "en": "Sources"},
    "undated": {"pt": "não datada", "en": "undated"},
    "accessed": {"pt": "consultada em", "en": "accessed"},
    "as_reported": {
        "pt": "tal como indicado na descrição da boa prática (não datada)",
        "en": "as reported in the good-practice description (undated)",
    },
    "page_of": {"pt": "Página {page} de {pages}", "en": "Page {page} of {pages}"},
    "previous": {"pt": "Anterior", "en": "Previous"},
    "next": {"pt": "Seguinte", "en": "Next"},
    "pagination": {"pt": "Paginação", "en": "Pagination"},
    "status": {"pt": "Estado", "en": "Status"},
    "planned": {"pt": "Previsto", "en": "Planned"},
    "open": {"pt": "Aberto", "en": "Open"},
    "closed": {"pt": "Encerrado", "en": "Closed"},
    "approved": {"pt": "Aprovado", "en": "Approved"},
    "ongoing": {"pt": "Em curso", "en": "Ongoing"},
    "completed": {"pt": "Concluído", "en": "Completed"},
    "withdrawn": {"pt": "Desistido", "en": "Withdrawn"},
    "business-association": {"pt": "Associação empresarial", "en": "Business association"},
    "public-body": {"pt": "Entidade pública", "en": "Public body"},
    "agency": {"pt": "Agência", "en": "Agency"},
    "non-profit": {"pt": "Entidade sem fins lucrativos", "en": "Non-profit organisation"},
    "other": {"pt": "Outra", "en": "Other"},
    "trade-fair": {"pt": "Feira", "en": "Trade fair"},
    "trade-mission": {"pt": "Missão empresarial", "en": "Trade mission"},
    "b2b-meeting": {"pt": "Encontros B2B", "en": "B2B meetings"},
    "seminar": {"pt": "Seminário", "en": "Seminar"},
    "detail": {"pt": "Dado", "en": "Detail"},
    "value": {"pt": "Valor", "en": "Value"},
    "no_call_open": {"pt": "Não há concursos abertos.", "en": "No call is open."},
    "no_call_open_text": {
        "pt": "Os concursos desta medida já encerraram. Veja o programa sucessor:",
        "en": "The calls of this measure have closed. See the successor programme:",
    },
    "call_open": {"pt": "Concurso aberto:", "en": "Call open:"},
    "opens": {"pt": "Abertura", "en": "Opens"},
    "closes": {"pt": "Encerramento", "en": "Closes"},
    "key_figures": {"pt": "Números principais", "en": "Key figures"},
    "budget_of_calls": {"pt": "orçamento de {calls} concursos", "en": "budget of {calls} calls"},
    "proposals_received": {"pt": "Candidaturas recebidas", "en": "Proposals received"},
    "projects_approved": {"pt": "Projetos aprovados", "en": "Projects approved"},
    "started": {"pt": "Início", "en": "Started"},
    "ended": {"pt": "Fim", "en": "Ended"},
    "who_for": {"pt": "Para quem é este sítio", "en": "Who this site is for"},
    "for_smes": {
        "pt": "PME que querem exportar: guias de mercado",
        "en": "SMEs that want to export: market guidance",
    },
    "for_associations": {
        "pt": "Associações e entidades que querem candidatar-se: regras e como candidatar",
        "en": "Associations and bodies that want to apply: rules and how to apply",
    },
    "for_staff": {
        "pt": "Equipa do programa e público: projetos apoiados",
        "en": "Programme staff and the public: funded projects",
    },
    "latest_projects": {"pt": "Projetos em destaque", "en": "Featured projects"},
    "for_example": {"pt": "Por exemplo", "en": "For example"},
    "regional_programme": {"pt": "Programa regional", "en": "Regional programme"},
    "region": {"pt": "Região", "en": "Region"},
    "managing_authority": {"pt": "Autoridade de gestão", "en": "Managing authority"},
    "objectives": {"pt": "Objetivos", "en": "Objectives"},
    "eligible_beneficiaries": {"pt": "Quem pode candidatar-se", "en": "Who can apply"},
    "ineligible_beneficiaries": {"pt": "Quem não pode candidatar-se", "en": "Who cannot apply"},
    "eligible_actions": {"pt": "Ações elegíveis", "en": "Eligible actions"},
    "eligible_costs": {"pt": "Despesas elegíveis", "en": "Eligible costs"},
    "ineligible_costs": {"pt": "Despesas não elegíveis", "en": "Ineligible costs"},
    "funding_rates": {"pt": "Taxas e limites de apoio", "en": "Funding rates and limits"},
    "legal_basis": {"pt": "Enquadramento legal", "en": "Legal basis"},
    "stakeholders": {"pt": "Entidades envolvidas", "en": "Stakeholders"},
    "resources": {"pt": "Meios", "en": "Resources"},
    "reported_totals": {"pt": "Números reportados", "en": "Reported figures"},
    "budget": {"pt": "Orçamento", "en": "Budget"},
    "evidence_of_success": {"pt": "Resultados", "en": "Evidence of success"},
    "difficulties": {"pt": "Dificuldades", "en": "Difficulties encountered"},
    "transfer_potential": {"pt": "Potencial de transferência", "en": "Potential for transfer"},
    "successor": {"pt": "Programa sucessor", "en": "Successor programme"},
    "call": {"pt": "Concurso", "en": "Call"},
    "figures_source": {"pt": "Fonte dos números", "en": "Source of the figures"},
    "call_notice": {"pt": "Aviso do concurso", "en": "Call notice"},
    "not_split_by_call": {
        "pt": "A fonte não reparte as candidaturas nem as aprovações por concurso.",
        "en": "The source does not split proposals or approvals by call.",
    },
    "programme_contact": {"pt": "Contacto do programa", "en": "Programme contact"},
    "example_contact_note": {
        "pt": "(endereço de exemplo: não consta das fontes; confirme-o antes de publicar)",
        "en": "(example address: not in the sources; confirm it before publishing)",
    },
    "website": {"pt": "Sítio web", "en": "Website"},
    "public_email": {"pt": "E-mail público", "en": "Public e-mail"},
    "markets_intro": {
        "pt": "Um guia por mercado: números com fonte e data, e secções que mostram quando foram revistas.",
        "en": "One guide per market: figures with their source and date, and sections that show when they were reviewed.",
    },
    "market": {"pt": "Mercado", "en": "Market"},
    "last_reviewed": {"pt": "Última revisão", "en": "Last reviewed"},
    "review_by": {"pt": "Rever até", "en": "Review by"},
    "due_for_review": {"pt": "Revisão em atraso", "en": "Due for review"},
    "review_was_due": {
        "pt": "Este guia devia ter sido revisto até {date}.",
        "en": "This guide was due for review by {date}.",
    },
    "fact_box": {"pt": "Números do mercado", "en": "Market facts"},
    "retrieved": {"pt": "obtido em", "en": "retrieved"},
    "example_text_note": {
        "pt": "Texto de exemplo: mostra o formato e não é informação sobre o mercado.",
        "en": "Example text: it shows the layout and is not information about the market.",
    },
    "events": {"pt": "Feiras e eventos", "en": "Fairs and events"},
    "event": {"pt": "Evento", "en": "Event"},
    "kind": {"pt": "Tipo", "en": "Kind"},
    "dates": {"pt": "Datas", "en": "Dates"},
    "past": {"pt": "já decorreu", "en": "past"},
    "no_events": {"pt": "Nenhum evento registado.", "en": "No events recorded."},
    "related_projects": {
        "pt": "Projetos que visam este mercado",
        "en": "Projects targeting this market",
    },
    "country_names_source": {
        "pt": "Nomes de países e regiões: Unicode CLDR (através da biblioteca babel).",
        "en": "Country and region names: Unicode CLDR (through the babel library).",
    },
    "projects_intro": {
        "pt": "Projetos apoiados ({count}). Os registos de exemplo estão assinalados.",
        "en": "Funded projects ({count}). Example records are labelled.",
    },
    "operation_code": {"pt": "Código da operação", "en": "Operation code"},
    "beneficiary": {"pt": "Beneficiário", "en": "Beneficiary"},
    "sectors": {"pt": "Setores", "en": "Sectors"},
    "location": {"pt": "Localização (NUTS III)", "en": "Location (NUTS 3)"},
    "approval_date": {"pt": "Data de aprovação", "en": "Approval date"},
    "eligible_cost": {"pt": "Despesa elegível", "en": "Eligible expenditure"},
    "cofinancing_rate": {"pt": "Taxa de cofinanciamento UE", "en": "EU co-financing rate"},
    "eu_funding": {"pt": "Fundo UE", "en": "EU funding"},
    "category_of_intervention": {
        "pt": "Categoria de intervenção",
        "en": "Category of intervention",
    },
    "provenance": {"pt": "Proveniência", "en": "Provenance"},
    "last_updated": {"pt": "Última atualização", "en": "Last updated"},
    "figures_are_examples": {
        "pt": "Os valores deste registo são fictícios e não entram nos totais reportados.",
        "en": "This record's figures are fictitious and are not part of the reported totals.",
    },
    "organisation": {"pt": "Organização", "en": "Organisation"},
    "example_org_note": {
        "pt": "Organização de exemplo, fictícia: mostra o formato.",
        "en": "Example organisation, fictitious: it shows the layout.",
    },
    "total_eu_funding": {"pt": "Total de fundo UE", "en": "Total EU funding"},
    "example_total": {
        "pt": "Total dos projetos de exemplo (fictício, à parte)",
        "en": "Total of example projects (fictitious, kept apart)",
    },
    "no_projects": {"pt": "Nenhum projeto registado.", "en": "No projects recorded."},
    "about_intro": {
        "pt": "Este sítio reúne as regras, os mercados e os projetos de uma medida de apoio à "
        "internacionalização e à exportação das PME. Cada número indica a fonte e a data.",
        "en": "This site brings together the rules, markets and projects of a measure that supports "
        "SME internationalisation and exports. Every figure shows its source and date.",
    },
    "source_of_practice": {"pt": "Origem da prática", "en": "Source of the practice"},
    "all_sources": {"pt": "Todas as fontes", "en": "All sources"},
    "publisher": {"pt": "Editor", "en": "Publisher"},
    "published": {"pt": "Publicação", "en": "Published"},
    "accessed_label": {"pt": "Consulta", "en": "Accessed"},
    "about_data": {"pt": "Dados", "en": "Data"},
    "about_data_text": {
        "pt": "O conteúdo é gerado a partir de um pacote de dados validado (Frictionless Data Package). "
        "O que não consta de uma fonte citável fica vazio ou é marcado como exemplo.",
        "en": "The content is generated from a validated Frictionless Data Package. "
        "Whatever no citable source supports is left empty or marked as an example.",
    },
    "controller": {"pt": "Responsável pelo tratamento", "en": "Data controller"},
    "a11y_commitment": {
        "pt": "{entity} compromete-se a tornar este sítio acessível, nos termos do Decreto-Lei n.º 83/2018, "
        "de 19 de outubro, que transpõe a Diretiva (UE) 2016/2102.",
        "en": "{entity} is committed to making this site accessible under Decree-Law 83/2018 of 19 October, "
        "which transposes Directive (EU) 2016/2102.",
    },
    "a11y_scope": {
        "pt": "Esta declaração aplica-se ao sítio {url}.",
        "en": "This statement applies to the site {url}.",
    },
    "a11y_status": {"pt": "Estado de conformidade", "en": "Compliance status"},
    "a11y_status_fully-conformant": {
        "pt": "Este sítio está plenamente conforme com a norma {standard}.",
        "en": "This site is fully compliant with {standard}.",
    },
    "a11y_status_partially-conformant": {
        "pt": "Este sítio está parcialmente conforme com a norma {standard}: ver o conteúdo não acessível abaixo.",
        "en": "This site is partially compliant with {standard}: see the non-accessible content below.",
    },
    "a11y_status_not-conformant": {
        "pt": "Este sítio não está conforme com a norma {standard}.",
        "en": "This site is not compliant with {standard}.",
    },
    "a11y_non_accessible": {
        "pt": "Conteúdo não acessível e limitações",
        "en": "Non-accessible content and limits",
    },
    "a11y_none_known": {"pt": "Nenhum conhecido.", "en": "None known."},
    "a11y_preparation": {
        "pt": "Elaboração desta declaração",
        "en": "Preparation of this statement",
    },
    "a11y_prepared_on": {
        "pt": "Declaração elaborada em {date}.",
        "en": "Statement prepared on {date}.",
    },
    "a11y_feedback": {"pt": "Contacto e mecanismo de reclamação", "en": "Feedback and contact"},
    "a11y_feedback_text": {
        "pt": "Se encontrar uma barreira de acessibilidade, diga-nos através de",
        "en": "If you find an accessibility barrier, tell us at",
    },
    "a11y_enforcement": {"pt": "Procedimento de execução", "en": "Enforcement procedure"},
    "a11y_enforcement_text": {
        "pt": "Se a resposta não for satisfatória, pode recorrer ao Livro de Reclamações ou contactar a "
        "Agência para a Modernização Administrativa, que acompanha a aplicação do Decreto-Lei n.º 83/2018.",
        "en": "If the answer is not satisfactory, you may use the complaints book (Livro de Reclamações) or "
        "contact the Agency for Administrative Modernisation (AMA), which monitors Decree-Law 83/2018.",
    },
}

# Titles of the market guidance sections, in the order a market page shows them.
GUIDANCE_SECTIONS = {
    "economy": {"pt": "Economia e perspetivas", "en": "Economy and outlook"},
    "relations": {
        "pt": "Relações com Portugal e o Alentejo",
        "en": "Relations with Portugal and the Alentejo",
    },
    "market_access": {
        "pt": "Condições legais de acesso ao mercado",
        "en": "Legal conditions of market access",
    },
    "consumers": {"pt": "Comportamento do consumidor", "en": "Consumer behaviour"},
    "business_culture": {"pt": "Cultura de negócios", "en": "Business culture"},
    "opportunities": {"pt": "Oportunidades e dificuldades", "en": "Opportunities and difficulties"},
    "distribution": {
        "pt": "Distribuição e entrada no mercado",
        "en": "Distribution and market entry",
    },
    "fairs": {"pt": "Feiras e missões", "en": "Trade fairs and missions"},
    "contacts": {"pt": "Contactos úteis", "en": "Useful contacts"},
}

INDICATOR_NAMES = {
    "NY.GDP.MKTP.CD": {"pt": "PIB (USD correntes)", "en": "GDP (current US$)"},
    "SP.POP.TOTL": {"pt": "População", "en": "Population"},
    "NY.GDP.PCAP.CD": {
        "pt": "PIB per capita (USD correntes)",
        "en": "GDP per capita (current US$)",
    },
    "NE.IMP.GNFS.CD": {
        "pt": "Importações de bens e serviços (USD correntes)",
        "en": "Imports of goods and services (current US$)",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    """Return the UI string `key` in `lang`, with {placeholders} filled."""
    text = STRINGS[key][lang]
    return text.format(**values) if values else text


def locale(lang: str) -> Locale:
    """Return the babel Locale of a site language."""
    return Locale.parse(LOCALES[lang])


def country_name(code: str, lang: str) -> str:
    """Return a country's or UN region's name in `lang`, from CLDR (babel)."""
    return locale(lang).territories.get(code, code)


def format_eur(amount: Decimal | int | float | None, lang: str) -> str:
    """Format euros without cents, e.g. '3 000 000 €' (pt) or '€3,000,000' (en)."""
    if amount is None:
        return t("not_stated", lang)
    text = format_currency(amount, "EUR", locale=LOCALES[lang])
    if Decimal(amount) % 1 == 0:
        text = text.replace(locale(lang).number_symbols["latn"]["decimal"] + "00", "")
    return text


def format_number(value: Decimal | int | float | None, lang: str) -> str:
    """Format a number with the language's grouping."""
    if value is None:
        return t("not_stated", lang)
    return format_decimal(value, locale=LOCALES[lang], decimal_quantization=False)


def format_usd_large(value: Decimal | int | float, lang: str) -> str:
    """Format a large US dollar figure in thousand millions, e.g. '1 580,7 mil milhões USD'."""
    billions = Decimal(value) / Decimal(1_000_000_000)
    number = format_decimal(billions, format="#,##0.0", locale=LOCALES[lang])
    return f"{number} mil milhões USD" if lang == "pt" else f"US${number} billion"


def format_rate(rate: Decimal | float | None, lang: str) -> str:
    """Format a fraction as a percentage, e.g. 0.85 → '85%'."""
    if rate is None:
        return t("not_stated", lang)
    return format_percent(rate, locale=LOCALES[lang], decimal_quantization=False)


def format_month(value: str | None, lang: str) -> str:
    """Format 'YYYY-MM' as a month, e.g. 'janeiro de 2014'; pass other values through."""
    if not value:
        return t("not_stated", lang)
    try:
        day = dt.date.fromisoformat(f"{value}-01") if len(value) == 7 else None
    except ValueError:
        day = None
    pattern = "MMMM 'de' y" if lang == "pt" else "MMMM y"
    return format_date(day, format=pattern, locale=LOCALES[lang]) if day else value


def format_day(day: dt.date | str | None, lang: str) -> str:
    """Format a date in the language's long form, e.g. '27 de novembro de 2026'."""
    if not day:
        return t("not_stated", lang)
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return format_date(day, format="long", locale=LOCALES[lang])
