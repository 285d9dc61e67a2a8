"""Realistic name, company and place pools for demo and benchmark data (Brazil, Portugal, Spain, English-speaking)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Locale:
    country: str
    language: str
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    cities: tuple[tuple[str, str, str], ...]  # city, region, postal-code pattern (# = digit)
    streets: tuple[str, ...]
    company_suffixes: tuple[str, ...]
    mail_providers: tuple[str, ...]
    phone_prefixes: tuple[tuple[str, str, str], ...]  # (display prefix, e164 prefix, digits to add)


BRAZIL = Locale(
    "BR", "pt-br",
    ("João", "Maria", "José", "Ana", "Pedro", "Juliana", "Lucas", "Fernanda", "Gabriel", "Camila", "Rafael",
     "Beatriz", "Mateus", "Larissa", "Thiago", "Letícia", "Gustavo", "Mariana", "Felipe", "Patrícia", "Bruno",
     "Aline", "Rodrigo", "Vanessa", "Diego", "Tatiane", "Vinícius", "Priscila", "Leandro", "Débora"),
    ("Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes",
     "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa",
     "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas"),
    (("São Paulo", "SP", "0####-###"), ("Rio de Janeiro", "RJ", "2####-###"), ("Belo Horizonte", "MG", "3####-###"),
     ("Curitiba", "PR", "8####-###"), ("Porto Alegre", "RS", "9####-###"), ("Recife", "PE", "5####-###"),
     ("Salvador", "BA", "4####-###"), ("Fortaleza", "CE", "6####-###"), ("Campinas", "SP", "1####-###"),
     ("Florianópolis", "SC", "88###-###")),
    ("Rua das Flores", "Avenida Paulista", "Rua XV de Novembro", "Avenida Brasil", "Rua Augusta",
     "Rua da Consolação", "Avenida Atlântica", "Rua Sete de Setembro"),
    ("Ltda", "S.A.", "ME", "Comércio Ltda", "Tecnologia Ltda", "Serviços Ltda"),
    ("gmail.com", "hotmail.com", "outlook.com", "uol.com.br", "bol.com.br", "yahoo.com.br"),
    (("(11) 9", "+55119", "########"), ("(21) 9", "+55219", "########"), ("(31) 3", "+55313", "#######"),
     ("(41) 9", "+55419", "########"), ("(51) 3", "+55513", "#######")),
)  # fmt: skip

PORTUGAL = Locale(
    "PT", "pt",
    ("João", "Maria", "Francisco", "Beatriz", "Tiago", "Inês", "Rodrigo", "Leonor", "Martim", "Matilde",
     "Duarte", "Carolina", "Tomás", "Mariana", "Afonso", "Sofia", "Gonçalo", "Rita", "Diogo", "Catarina"),
    ("Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Jesus", "Sousa",
     "Fernandes", "Gonçalves", "Gomes", "Lopes", "Marques", "Alves", "Almeida", "Ribeiro", "Pinto", "Carvalho"),
    (("Lisboa", "Lisboa", "1###-###"), ("Porto", "Porto", "4###-###"), ("Braga", "Braga", "47##-###"),
     ("Coimbra", "Coimbra", "30##-###"), ("Faro", "Faro", "80##-###"), ("Aveiro", "Aveiro", "38##-###")),
    ("Rua Augusta", "Avenida da Liberdade", "Rua de Santa Catarina", "Rua do Carmo", "Avenida dos Aliados"),
    ("Lda", "S.A.", "Unipessoal Lda"),
    ("gmail.com", "sapo.pt", "hotmail.com", "outlook.pt"),
    (("+351 91", "+35191", "#######"), ("+351 93", "+35193", "#######"), ("+351 21", "+35121", "#######"),
     ("+351 22", "+35122", "#######")),
)  # fmt: skip

SPAIN = Locale(
    "ES", "es",
    ("Antonio", "María", "Manuel", "Carmen", "José", "Lucía", "David", "Laura", "Javier", "Marta", "Daniel",
     "Elena", "Carlos", "Paula", "Alejandro", "Sara", "Pablo", "Cristina", "Sergio", "Isabel"),
    ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín",
     "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Navarro", "Torres"),
    (("Madrid", "Madrid", "280##"), ("Barcelona", "Cataluña", "080##"), ("Valencia", "Comunidad Valenciana", "460##"),
     ("Sevilla", "Andalucía", "410##"), ("Bilbao", "País Vasco", "480##"), ("Málaga", "Andalucía", "290##")),
    ("Calle Mayor", "Gran Vía", "Paseo de la Castellana", "Calle de Alcalá", "Rambla de Catalunya"),
    ("S.L.", "S.A.", "S.L.U."),
    ("gmail.com", "hotmail.es", "yahoo.es", "outlook.es", "telefonica.net"),
    (("6", "+346", "########"), ("7", "+347", "########"), ("91 ", "+3491", "#######"),
     ("93 ", "+3493", "#######")),
)  # fmt: skip

ENGLISH = Locale(
    "US", "en",
    ("James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
     "William", "Susan", "Richard", "Jessica", "Thomas", "Sarah", "Emma", "Oliver", "Amelia", "Harry"),
    ("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
     "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis"),
    (("New York", "NY", "100##"), ("Boston", "MA", "021##"), ("Austin", "TX", "787##"), ("Seattle", "WA", "981##"),
     ("Chicago", "IL", "606##"), ("Miami", "FL", "331##")),
    ("Main Street", "Oak Avenue", "Maple Drive", "Park Road", "Cedar Lane", "Elm Street"),
    ("Inc.", "LLC", "Corp.", "Ltd."),
    ("gmail.com", "yahoo.com", "outlook.com", "icloud.com"),
    (("(212) 555-01", "+121255501", "##"), ("(617) 555-01", "+161755501", "##"), ("(512) 555-01", "+151255501", "##"),
     ("(206) 555-01", "+120655501", "##")),
)  # fmt: skip

LOCALES = (BRAZIL, BRAZIL, BRAZIL, PORTUGAL, SPAIN, SPAIN, ENGLISH)  # weighted: most users sell in Brazil

COMPANY_WORDS = (
    "Aurora", "Horizonte", "Atlântico", "Sol Nascente", "Vértice", "Nova Era", "Ibérica", "Mediterráneo",
    "Boa Vista", "Pioneer", "Summit", "Bluewave", "Cerrado", "Pampa", "Tejo", "Douro", "Alhambra", "Cantábrico",
    "Primavera", "Estrela", "Granito", "Farol", "Ponte Alta", "Riverside", "Northwind", "Ipê", "Jacarandá",
)  # fmt: skip
COMPANY_TRADES = (
    "Alimentos", "Construções", "Logística", "Software", "Consultoria", "Distribuidora", "Clínica", "Educação",
    "Transportes", "Energia Solar", "Imóveis", "Marketing", "Hotelaria", "Seguros", "Tecnologia", "Agro",
)  # fmt: skip
INDUSTRIES = ("Retail", "Manufacturing", "Software", "Healthcare", "Education", "Logistics", "Real estate",
              "Hospitality", "Energy", "Agriculture", "Financial services", "Construction")  # fmt: skip
TITLES = ("CEO", "Diretor Comercial", "Gerente de Compras", "Sócio", "Coordenador de TI", "Director de Ventas",
          "Jefe de Compras", "Gerente Financeiro", "Head of Operations", "Office Manager", "Analista de Marketing",
          "Responsable de Marketing", "Proprietário", "CFO", "Purchasing Manager")  # fmt: skip
NEEDS = (
    "Quer centralizar o atendimento de WhatsApp e e-mail.",
    "Busca reducir el tiempo de respuesta a clientes.",
    "Needs to replace spreadsheets with a shared pipeline.",
    "Precisa de relatórios de conversão por campanha.",
    "Quiere automatizar el seguimiento de presupuestos.",
    "Expansão da equipe de vendas para 20 pessoas.",
    "Looking for a tool the whole team will actually use.",
)  # fmt: skip
NOTES = (
    "Cliente pediu proposta até sexta.", "Prefere contato por WhatsApp à tarde.", "Llamar después de las 16h.",
    "Interested in the annual plan.", "Pediu desconto para pagamento à vista.", "Tiene otro proveedor hasta marzo.",
    "Decision expected after the board meeting.", "Enviar estudo de caso do setor.",
)  # fmt: skip
CALL_SUBJECTS = ("Ligação de qualificação", "Llamada de seguimiento", "Discovery call", "Retorno de proposta",
                 "Primeiro contato", "Demo call")  # fmt: skip
EMAIL_SUBJECTS = ("Proposta comercial", "Presupuesto solicitado", "Welcome and next steps", "Material solicitado",
                  "Seguimiento de la reunión")  # fmt: skip
MESSAGE_SUBJECTS = ("Mensagem no WhatsApp", "Mensaje de Telegram", "Message via website chat")
PRODUCTS = (("Funil Starter", "FS-01", "990.00"), ("Funil Pro", "FP-01", "2490.00"), ("Onboarding", "ONB-1", "1500.00"),
            ("Integração WhatsApp", "WA-01", "600.00"), ("Treinamento", "TRN-1", "800.00"))  # fmt: skip
CAMPAIGNS = (("Google Ads — Brasil", "campaign", "12000"), ("Feira do Empreendedor SP", "other", "8000"),
             ("LinkedIn — Iberia", "social", "6000"), ("Webinar Vendas 360", "web_form", "1500"),
             ("Indicações de clientes", "referral", "0"), ("Newsletter Q3", "email", "500"))  # fmt: skip
